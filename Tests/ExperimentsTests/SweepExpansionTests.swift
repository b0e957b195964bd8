import Crypto
import Foundation
import LinearAlgebra
import Testing

@testable import Experiments

@Suite struct SweepExpansionTests {
  static let example = """
    name: smnist-demo
    task: smnist
    fixed: {images: ../shared/data/mnist/t10k-images-idx3-ubyte.gz, labels: ../shared/data/mnist/t10k-labels-idx1-ubyte.gz,
            train-count: 2000, validation-count: 500, hidden-size: 32, epochs: 3, batch-size: 128, lr: 0.001}
    vary: {arch: {choice: [gru, lstm, rnn]}, p: {uniform: [0.1, 3.0]}, seed: {int: [0, 1000]}}
    set: {init: "uniform:{p}"}
    trials: 12
    sampler-seed: 7
    spectrum: {every: 1, batch: 10, steps: 28}
    """

  @Test func exampleExpandsToTwelveTrialsDrawnAsDocumented() throws {
    let spec = try CatalogTask.spec(Self.example)
    #expect(spec.name == "smnist-demo")
    #expect(spec.variedNames == ["arch", "p", "seed"])
    let expansion = try spec.expand()
    #expect(expansion.trials.count == 12)
    #expect(expansion.duplicates == 0)
    #expect(expansion.trials.map(\.index) == Array(0..<12))
    // The documented draws: block 0's stream, one draw per varied key in written order.
    var generator = SeededGenerator(seed: 7, stream: 0)
    for trial in expansion.trials {
      let arch = ["gru", "lstm", "rnn"][Int(generator.next(below: 3))]
      let p = 0.1 + (3.0 - 0.1) * generator.nextUniform()
      let seed = Int(generator.next(below: 1001))
      #expect(trial.options["arch"] == .string(arch))
      #expect(trial.options["seed"] == .int(seed))
      #expect(trial.options["init"] == .string("uniform:\(p)"))
      #expect(trial.options["p"] == nil)
      #expect(trial.variables == ["arch": .string(arch), "p": .double(p), "seed": .int(seed)])
      #expect(trial.options["task"] == .string("smnist"))
      #expect(trial.options["spectrum-steps"] == .int(28))
      #expect(trial.options["lr"] == .double(0.001))
      #expect(trial.options.count == 15)
    }
  }

  @Test func trialIdIsTheHashOfHandWrittenCanonicalJSON() throws {
    let trial = try CatalogTask.spec(Self.example).expand().trials[0]
    guard case .string(let arch) = trial.variables["arch"],
      case .double(let p) = trial.variables["p"],
      case .int(let seed) = trial.variables["seed"]
    else {
      Issue.record("variables of trial 0: \(trial.variables)")
      return
    }
    let json =
      #"{"arch":"\#(arch)","batch-size":128,"epochs":3,"hidden-size":32,"#
      + #""images":"../shared/data/mnist/t10k-images-idx3-ubyte.gz","init":"uniform:\#(p)","#
      + #""labels":"../shared/data/mnist/t10k-labels-idx1-ubyte.gz","lr":0.001,"seed":\#(seed),"#
      + #""spectrum-batch":10,"spectrum-every":1,"spectrum-steps":28,"task":"smnist","#
      + #""train-count":2000,"validation-count":500}"#
    let expected = SHA256.hash(data: Data(json.utf8)).map { String(format: "%02x", $0) }.joined()
    #expect(trial.id == expected)
    #expect(Double(String("\(p)")) == p)
  }

  @Test func canonicalJSONSortsKeysByUTF8Bytes() {
    let options: [String: OptionValue] = [
      "b": .int(1), "a": .bool(true), "B": .double(0.5), "é": .string("x\"y"), "a-b": .int(-2),
      "a_b": .double(1e-05),
    ]
    #expect(
      Trial.canonicalJSON(options)
        == #"{"B":0.5,"a":true,"a-b":-2,"a_b":1e-05,"b":1,"é":"x\"y"}"#)
  }

  @Test func gridIsTheCartesianProductLastKeyFastest() throws {
    let spec = try CatalogTask.spec(
      """
      name: grid
      task: smnist
      vary: {arch: {choice: [gru, lstm]}, hidden-size: {choice: [16, 32, 64]}}
      """)
    #expect(spec.blocks[0].isGrid)
    let trials = try spec.expand().trials
    let pairs = trials.map {
      "\($0.options["arch"]!.substitutionText)/\($0.options["hidden-size"]!.substitutionText)"
    }
    #expect(pairs == ["gru/16", "gru/32", "gru/64", "lstm/16", "lstm/32", "lstm/64"])
  }

  @Test func equalTrialsAreKeptOnceAndCounted() throws {
    let expansion = try CatalogTask.spec(
      """
      name: dup
      task: smnist
      vary: {seed: {choice: [1, 2, 1]}, lr: {choice: [0.1, 0.1]}}
      """
    ).expand()
    #expect(expansion.trials.map { $0.options["seed"] } == [.int(1), .int(2)])
    #expect(expansion.duplicates == 4)
    #expect(expansion.trials.map(\.index) == [0, 1])
  }

  static func sampled(seed: Int, trials: Int = 200) throws -> [Trial] {
    try CatalogTask.spec(
      """
      name: ranges
      task: smnist
      vary: {lr: {log-uniform: [1.0e-4, 1.0e-2]}, dropout: {uniform: [0.2, 0.3]}, seed: {int: [-1, 1]},
             arch: {choice: [gru, lstm]}}
      trials: \(trials)
      sampler-seed: \(seed)
      """
    ).expand().trials
  }

  @Test func samplingIsReproducibleWithinRangesAndSeedDependent() throws {
    let a = try Self.sampled(seed: 3)
    #expect(a == (try Self.sampled(seed: 3)))
    #expect(a.map(\.id) != (try Self.sampled(seed: 4)).map(\.id))
    var seeds: Set<Int> = []
    var logMean = 0.0
    for trial in a {
      guard case .double(let lr) = trial.options["lr"],
        case .double(let dropout) = trial.options["dropout"],
        case .int(let seed) = trial.options["seed"]
      else {
        Issue.record("types of \(trial.options)")
        continue
      }
      #expect(lr >= 1e-4 && lr <= 1e-2)
      #expect(dropout >= 0.2 && dropout < 0.3)
      seeds.insert(seed)
      logMean += log10(lr) / Double(a.count)
    }
    #expect(seeds == [-1, 0, 1])
    // log10(lr) is uniform on [-4, -2]: mean -3, standard error (2/sqrt(12))/sqrt(200) = 0.041.
    #expect(abs(logMean + 3) < 0.2)
  }

  @Test func logUniformFollowsTheDocumentedFormula() throws {
    let trials = try Self.sampled(seed: 11, trials: 5)
    var generator = SeededGenerator(seed: 11, stream: 0)
    for trial in trials {
      let lr = exp(log(1e-4) + (log(1e-2) - log(1e-4)) * generator.nextUniform())
      let dropout = 0.2 + (0.3 - 0.2) * generator.nextUniform()
      let seed = -1 + Int(generator.next(below: 3))
      let arch = ["gru", "lstm"][Int(generator.next(below: 2))]
      #expect(trial.options["lr"] == .double(lr))
      #expect(trial.options["dropout"] == .double(dropout))
      #expect(trial.options["seed"] == .int(seed))
      #expect(trial.options["arch"] == .string(arch))
    }
  }

  @Test func blocksInheritAndOverrideKeyByKey() throws {
    let spec = try CatalogTask.spec(
      """
      name: blocks
      task: smnist
      fixed: {hidden-size: 64, epochs: 2}
      vary: {p: {uniform: [0.1, 3.0]}, seed: {int: [0, 9]}}
      set: {init: "uniform:{p}"}
      trials: 3
      sampler-seed: 5
      blocks:
        - {name: lstm, fixed: {arch: lstm}}
        - {name: cornn, fixed: {arch: cornn, hidden-size: 32}, vary: {p: {uniform: [10, 30]}}, trials: 2}
        - {name: grid, fixed: {seed: 4}, vary: {p: {uniform: [0.5, 1.5]}, epochs: {choice: [1, 3]}}}
      """)
    #expect(spec.blocks.map(\.name) == ["lstm", "cornn", "grid"])
    #expect(spec.variedNames == ["p", "seed", "epochs"])
    #expect(spec.blocks[1].vary.map(\.name) == ["p", "seed"])
    #expect(spec.blocks[2].vary.map(\.name) == ["p", "epochs"])
    #expect(spec.blocks[2].trials == 3)
    let trials = try spec.expand().trials
    #expect(trials.map(\.block) == [0, 0, 0, 1, 1, 2, 2, 2])
    for trial in trials {
      guard case .string(let initializer) = trial.options["init"],
        let p = trial.variables["p"]?.number
      else {
        Issue.record("trial \(trial.index): \(trial.options)")
        continue
      }
      #expect(initializer == "uniform:\(trial.variables["p"]!.substitutionText)")
      switch trial.block {
      case 0:
        #expect(
          trial.options["arch"] == .string("lstm") && trial.options["hidden-size"] == .int(64))
        #expect(p >= 0.1 && p < 3.0)
      case 1:
        #expect(
          trial.options["arch"] == .string("cornn") && trial.options["hidden-size"] == .int(32))
        #expect(p >= 10 && p < 30)
      default:
        #expect(trial.options["seed"] == .int(4) && trial.variables["seed"] == .int(4))
        #expect(p >= 0.5 && p < 1.5)
        #expect([OptionValue.int(1), .int(3)].contains(trial.options["epochs"]!))
      }
    }
    // The first block's draws do not depend on the blocks after it.
    var generator = SeededGenerator(seed: 5, stream: 0)
    let p0 = 0.1 + 2.9 * generator.nextUniform()
    #expect(trials[0].variables["p"] == .double(p0))
  }

  @Test func scalarsKeepTheirYAMLTypes() throws {
    let trial = try CatalogTask.spec(
      """
      name: types
      task: smnist
      fixed: {layout: "3", layers: 3, lr: 3.0, carry-state: true, clip: 1e-3, init: uniform:0.1}
      """
    ).expand().trials[0]
    #expect(trial.options["layout"] == .string("3"))
    #expect(trial.options["layers"] == .int(3))
    #expect(trial.options["lr"] == .double(3))
    #expect(trial.options["carry-state"] == .bool(true))
    #expect(trial.options["clip"] == .double(0.001))
    #expect(trial.options["init"] == .string("uniform:0.1"))
  }

  @Test func pathsResolveAgainstTheSpecFolderButIdsKeepThemAsWritten() throws {
    let spec = try CatalogTask.spec(Self.example)
    let trial = try spec.expand().trials[0]
    let resolved = spec.resolvingPaths(trial.options)
    #expect(resolved["images"] == .string("/specs/shared/data/mnist/t10k-images-idx3-ubyte.gz"))
    #expect(resolved["labels"] == .string("/specs/shared/data/mnist/t10k-labels-idx1-ubyte.gz"))
    #expect(resolved["arch"] == trial.options["arch"])
    #expect(trial.options["images"] == .string("../shared/data/mnist/t10k-images-idx3-ubyte.gz"))
  }

  @Test func trialsRoundTripThroughJSON() throws {
    let trials = try CatalogTask.spec(Self.example).expand().trials
    let back = try JSONDecoder().decode([Trial].self, from: JSONEncoder().encode(trials))
    #expect(back == trials)
  }
}
