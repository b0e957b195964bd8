import Foundation
import Testing

@testable import Experiments

@Suite struct SweepSpecErrorTests {
  /// A valid smnist spec with `extra` appended at the top level.
  static func smnist(_ extra: String) -> String {
    "name: t\ntask: smnist\n" + extra
  }

  @Test func unknownKeysNameTheirPathAndTheExpectedKeys() {
    #expect(
      CatalogTask.specError(Self.smnist("vray: {}"))
        == "vray: unknown key; expected name, task, description, fixed, vary, set, trials, sampler-seed, spectrum, blocks"
    )
    #expect(
      CatalogTask.specError(Self.smnist("blocks:\n  - {fixed: {lr: 0.1}}\n  - {vray: {}}"))
        == "blocks[1].vray: unknown key; expected fixed, vary, set, trials, name")
    #expect(
      CatalogTask.specError(Self.smnist("spectrum: {every: 1, step: 3}"))
        == "spectrum.step: unknown key; expected every, batch, steps, warmup, exponents")
    #expect(
      CatalogTask.specError(Self.smnist("vary: {lr: {normal: [0, 1]}}"))
        == "vary.lr.normal: unknown key; expected choice, uniform, log-uniform, int")
    let twice = CatalogTask.specError(Self.smnist("fixed: {lr: 0.1}\nfixed: {lr: 0.2}"))
    #expect(
      twice?.hasPrefix("the spec is not valid YAML") == true && twice?.contains("fixed") == true)
  }

  @Test func badRangesNameTheKey() {
    let cases: [(String, String)] = [
      (
        "vary: {lr: {uniform: [0.3, 0.1]}}\ntrials: 2",
        "vary.lr: uniform range [0.3, 0.1] is empty (a > b)"
      ),
      (
        "vary: {lr: {uniform: [a, 0.1]}}\ntrials: 2",
        "vary.lr: uniform bounds must be numbers, got [\"a\", 0.1]"
      ),
      (
        "vary: {lr: {uniform: [0.1]}}\ntrials: 2",
        "vary.lr: uniform needs two bounds [a, b], got 1 values"
      ),
      (
        "vary: {lr: {log-uniform: [0, 0.1]}}\ntrials: 2",
        "vary.lr: log-uniform needs a > 0, got a = 0"
      ),
      (
        "vary: {lr: {log-uniform: [-1.0, 0.1]}}\ntrials: 2",
        "vary.lr: log-uniform needs a > 0, got a = -1.0"
      ),
      ("vary: {seed: {int: [5, 1]}}\ntrials: 2", "vary.seed: int range [5, 1] is empty (a > b)"),
      (
        "vary: {seed: {int: [0, 1.5]}}\ntrials: 2",
        "vary.seed: int bounds must be integers, got [0, 1.5]"
      ),
      ("vary: {arch: {choice: []}}", "vary.arch: choice needs at least one value"),
      (
        "vary: {arch: {choice: [lstm], int: [0, 1]}}",
        "vary.arch: expected one distribution: {choice: [...]}, {uniform: [a, b]}, {log-uniform: [a, b]} or {int: [a, b]}"
      ),
      (
        "vary: {lr: {uniform: [0.1, .inf]}}\ntrials: 2",
        "vary.lr.uniform: .inf is not a finite number"
      ),
      ("trials: 0\nvary: {lr: {uniform: [0.1, 1]}}", "trials: must be at least 1, got 0"),
      ("fixed: {lr: [1, 2]}", "fixed.lr: expected a number, a boolean or a string"),
    ]
    for (yaml, message) in cases {
      #expect(CatalogTask.specError(Self.smnist(yaml)) == message, "\(yaml)")
    }
  }

  @Test func unknownOptionsGetTheClosestNameAsAHint() {
    #expect(
      CatalogTask.specError(Self.smnist("fixed: {hiden-size: 3}"))
        == "fixed.hiden-size: hiden-size is not an option of task smnist (did you mean hidden-size?)"
    )
    #expect(
      CatalogTask.specError(Self.smnist("set: {initialiser: \"x\"}"))
        == "set.initialiser: initialiser is not an option of task smnist")
    #expect(
      CatalogTask.specError(Self.smnist("vary: {lrr: {choice: [0.1]}}"))
        == "vary.lrr: lrr is not an option of task smnist (did you mean lr?), and no set template uses it as a variable"
    )
    #expect(
      CatalogTask.specError(Self.smnist("fixed: {task: smnist}"))
        == "fixed.task: the task is given by the top-level key task, once for the spec")
  }

  @Test func variablesAndTemplatesMustMatch() {
    #expect(
      CatalogTask.specError(Self.smnist("vary: {p: {choice: [1]}}\nset: {init: \"uniform:{q}\"}"))
        == "set.init: {q} in \"uniform:{q}\" is not a variable (vary has no key q; a variable is a vary key that is not an option)"
    )
    #expect(
      CatalogTask.specError(
        Self.smnist("vary: {seed: {choice: [1]}}\nset: {init: \"uniform:{seed}\"}"))
        == "set.init: {seed} in \"uniform:{seed}\" is not a variable (seed is an option; a variable is a vary key that is not an option)"
    )
    #expect(
      CatalogTask.specError(Self.smnist("set: {init: \"uniform:{p\"}"))
        == "set.init: unclosed { in template \"uniform:{p\"")
    #expect(
      CatalogTask.specError(Self.smnist("set: {init: \"uniform:p}\"}"))
        == "set.init: unbalanced } in template \"uniform:p}\"")
    #expect(
      CatalogTask.specError(Self.smnist("set: {lr: 0.1}")) == "set.lr: expected a string")
    // A block that overrides the template leaves the inherited variable unused.
    #expect(
      CatalogTask.specError(
        Self.smnist(
          "vary: {p: {choice: [1]}}\nset: {init: \"uniform:{p}\"}\nblocks: [{fixed: {init: xavier}}]"
        ))
        == "vary.p: p is not an option of task smnist, and no set template uses it as a variable in blocks[0]"
    )
  }

  @Test func anOptionBelongsToOneOfFixedVaryAndSetPerScope() {
    #expect(
      CatalogTask.specError(Self.smnist("fixed: {lr: 0.1}\nvary: {lr: {choice: [0.2]}}"))
        == "vary.lr: lr is also given at fixed.lr; give it in one of fixed, vary, set")
    #expect(
      CatalogTask.specError(Self.smnist("fixed: {spectrum-every: 2}\nspectrum: {every: 1}"))
        == "spectrum.every: spectrum-every is also given at fixed.spectrum-every; give it in one of fixed, vary, set"
    )
    #expect(
      CatalogTask.specError(
        Self.smnist("blocks: [{fixed: {lr: 0.1}, vary: {lr: {choice: [0.2]}}}]"))
        == "blocks[0].vary.lr: lr is also given at blocks[0].fixed.lr; give it in one of fixed, vary, set"
    )
    // Across scopes, the block's setting wins.
    #expect(
      CatalogTask.specError(
        Self.smnist("fixed: {lr: 0.1}\nblocks: [{vary: {lr: {choice: [0.2]}}}]"))
        == nil)
  }

  @Test func samplingNeedsTrialsAndGridsStayFinite() {
    #expect(
      CatalogTask.specError(Self.smnist("vary: {arch: {choice: [lstm]}, lr: {uniform: [0.1, 1]}}"))
        == "vary.lr: lr is drawn from a range, so trials is required (a grid needs every varied key to be a choice)"
    )
    #expect(
      CatalogTask.specError(Self.smnist("blocks: [{vary: {lr: {log-uniform: [0.1, 1]}}}]"))
        == "blocks[0].vary.lr: lr is drawn from a range, so trials is required in blocks[0] (a grid needs every varied key to be a choice)"
    )
  }

  @Test func theSpectrumBlockDoesNotApplyToForce() {
    #expect(
      CatalogTask.specError("name: f\ntask: force\nspectrum: {steps: 200}")
        == "spectrum: task force takes its spectrum once, after training, so a per-epoch spectrum block does not apply; give its spectrum options in fixed"
    )
    #expect(CatalogTask.specError("name: f\ntask: force\nfixed: {spectrum-steps: 200}") == nil)
  }

  @Test func requiredKeysAndTasks() {
    #expect(CatalogTask.specError("task: smnist") == "name: required")
    #expect(
      CatalogTask.specError("name: x") == "task: required; one of charrnn, smnist, signal, force")
    #expect(
      CatalogTask.specError("name: x\ntask: mnist")
        == "task: unknown task mnist; expected charrnn, smnist, signal, force")
    #expect(
      CatalogTask.specError("- a\n- b")
        == "the spec must be a mapping with the keys name, task, ...")
    #expect(
      CatalogTask.specError("name: [unclosed")?.hasPrefix("the spec is not valid YAML") == true)
    #expect(
      CatalogTask.specError(Self.smnist("blocks: []"))
        == "blocks: empty; omit blocks or give at least one")
  }

  @Test func theTaskChecksEveryTrialBeforeAnythingRuns() {
    struct TooLarge: Error, CustomStringConvertible {
      let size: Int
      var description: String { "hidden-size \(size) is larger than 100" }
    }
    let strict = CatalogTask(
      name: "smnist", optionNames: CatalogTask.trainOptions, pathOptions: []
    ) { options in
      if case .int(let n) = options["hidden-size"], n > 100 { throw TooLarge(size: n) }
    }
    let yaml = Self.smnist(
      "blocks:\n  - {fixed: {hidden-size: 64}}\n  - {name: big, vary: {hidden-size: {choice: [32, 128]}}}"
    )
    #expect(
      CatalogTask.specError(yaml, tasks: [strict])
        == "trial 2 (block 1 \"big\"): hidden-size 128 is larger than 100")
  }
}

@Suite struct SweepSpecLimitsTests {
  @Test func editDistanceCountsSingleCharacterEdits() {
    #expect(editDistance(Array("kitten"), Array("sitting")) == 3)
    #expect(editDistance(Array(""), Array("abc")) == 3)
    #expect(editDistance(Array("flaw"), Array("lawn")) == 2)
    #expect(closestName(to: "p", among: ["lr", "dt"]) == nil)
    #expect(closestName(to: "hiden-size", among: ["hidden-size", "seed"]) == "hidden-size")
  }

  @Test func aTooLargeGridIsAnErrorNotAnAllocation() {
    let values = (0..<60).map(String.init).joined(separator: ", ")
    let yaml =
      "name: big\ntask: smnist\nvary: {"
      + ["seed", "epochs", "layers", "hidden-size"].map { "\($0): {choice: [\(values)]}" }
      .joined(separator: ", ") + "}"
    #expect(
      CatalogTask.specError(yaml)
        == "vary: the grid has more than 10000000 trials; sample it with trials instead")
  }

  @Test func aMissingSpecFileIsAnErrorNamingIt() {
    let message = CatalogTask.error {
      _ = try SweepSpec(
        contentsOf: URL(fileURLWithPath: "/nonexistent/spec.yaml"), tasks: CatalogTask.all)
    }
    #expect(message?.hasPrefix("cannot read the spec file /nonexistent/spec.yaml") == true)
  }
}
