import Foundation
import Testing

@testable import Experiments

/// The specs under examples/sweeps parse, expand to the planned number of trials, and
/// point at the data beside the repository.
@Suite struct ShippedSweepSpecTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  static let folder = root.appendingPathComponent("examples/sweeps")

  static func expansion(_ file: String) throws -> (SweepSpec, SweepExpansion) {
    let spec = try SweepSpec(
      contentsOf: folder.appendingPathComponent(file), tasks: CatalogTask.all)
    return (spec, try spec.expand())
  }

  /// Trials per block of every shipped spec.
  static let plan: [(file: String, blocks: [Int])] = [
    ("charrnn-sizes.yaml", [300, 300, 300, 300]),
    ("charrnn-sizes-reduced.yaml", [5, 5, 5, 5]),
    ("smnist-architectures.yaml", Array(repeating: 200, count: 8)),
    ("smnist-architectures-reduced.yaml", Array(repeating: 20, count: 8)),
    ("charrnn-lr-dropout.yaml", [60]),
    ("charrnn-lr-dropout-reduced.yaml", [20]),
    ("force-g.yaml", Array(repeating: 120, count: 10)),
    ("force-g-reduced.yaml", Array(repeating: 10, count: 10)),
  ]

  @Test func everyShippedSpecIsListed() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
      .filter { $0.hasSuffix(".yaml") }
    #expect(Set(files) == Set(Self.plan.map(\.file)))
  }

  @Test(arguments: plan.map(\.file)) func parsesAndExpandsAsPlanned(file: String) throws {
    let (spec, expansion) = try Self.expansion(file)
    let blocks = Self.plan.first { $0.file == file }!.blocks
    #expect(spec.name + ".yaml" == file)
    #expect(expansion.duplicates == 0)
    #expect(blocks.indices.map { b in expansion.trials.filter { $0.block == b }.count } == blocks)
    for name in spec.task.pathOptions {
      for trial in expansion.trials.prefix(3) {
        guard case .string(let path)? = spec.resolvingPaths(trial.options)[name] else { continue }
        #expect(
          path.hasPrefix(Self.root.deletingLastPathComponent().path + "/shared/data/"), "\(path)")
      }
    }
  }

  @Test func smnistArchitecturesUseTheTableA1Ranges() throws {
    let (spec, expansion) = try Self.expansion("smnist-architectures.yaml")
    let ranges: [String: ClosedRange<Double>] = [
      "lstm": 0.1...3, "gru": 0.1...3, "rnn": 0.1...3, "asrnn": 0.1...30, "cornn": 0.1...30,
      "lipschitz": 0.1...20, "noisy": 0.1...5, "lem": 0.1...10,
    ]
    #expect(spec.variedNames == ["seed", "p"])
    for trial in expansion.trials {
      guard case .string(let arch) = trial.options["arch"], let p = trial.variables["p"]?.number,
        let range = ranges[arch]
      else {
        Issue.record("trial \(trial.index): \(trial.options)")
        continue
      }
      #expect(range.contains(p))
      #expect(trial.options["init"] == .string("uniform:\(trial.variables["p"]!.substitutionText)"))
      #expect(trial.options["hidden-size"] == .int(64) && trial.options["epochs"] == .int(10))
    }
  }

  @Test func forceGainsRunFromOnePointOneToTwo() throws {
    let (spec, expansion) = try Self.expansion("force-g.yaml")
    #expect(spec.variedNames == ["seed"])
    let gains = Set(expansion.trials.compactMap { $0.options["g"]?.number })
    #expect(gains == Set((11...20).map { Double($0) / 10 }))
    #expect(expansion.trials.allSatisfy { $0.options["size"] == .int(512) })
  }
}
