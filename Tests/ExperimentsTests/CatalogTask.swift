import Foundation

@testable import Experiments

/// A test-only sweep task with a fixed option list and an optional check of each trial.
struct CatalogTask: SweepTask {
  let name: String
  let optionNames: Set<String>
  let pathOptions: Set<String>
  var check: @Sendable ([String: OptionValue]) throws -> Void = { _ in }

  func validate(_ options: [String: OptionValue], baseDirectory: URL) throws {
    try check(options)
  }

  /// The long options of `lyap train` that a sweep may set (not `run-dir`, `resume`,
  /// `progress`, which the runner owns), plus `subset-fraction` for charrnn.
  static let trainOptions: Set<String> = [
    "task", "text", "images", "labels", "layout", "permute-seed", "train-count",
    "validation-count", "signal", "arch", "hidden-size", "layers", "init", "optimizer", "lr",
    "momentum", "schedule", "epochs", "batch-size", "seq-len", "dropout", "carry-state", "clip",
    "loss", "seed", "signal-seed", "precision", "spectrum-every", "spectrum-batch",
    "spectrum-steps", "spectrum-warmup", "spectrum-exponents", "dt", "eps", "gamma", "beta",
    "gamma-a", "gamma-w", "alpha", "noise-additive", "noise-multiplicative", "subset-fraction",
  ]

  /// The long options of `lyap force` that a sweep may set.
  static let forceOptions: Set<String> = [
    "task", "size", "g", "seed", "density", "epochs", "test-epochs", "learn-every", "alpha",
    "target-seed", "frequencies", "amplitudes", "target", "exponents", "starts",
    "spectrum-steps",
  ]

  static let all: [any SweepTask] = [
    CatalogTask(name: "charrnn", optionNames: trainOptions, pathOptions: ["text"]),
    CatalogTask(name: "smnist", optionNames: trainOptions, pathOptions: ["images", "labels"]),
    CatalogTask(name: "signal", optionNames: trainOptions, pathOptions: ["signal"]),
    CatalogTask(name: "force", optionNames: forceOptions, pathOptions: ["target"]),
  ]

  /// The description of the error `body` throws, or nil when it throws none.
  static func error(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return String(describing: error)
    }
  }

  /// The description of the error reading and expanding `yaml` throws.
  static func specError(_ yaml: String, tasks: [any SweepTask] = all) -> String? {
    error {
      let spec = try SweepSpec(
        yaml: yaml, baseDirectory: URL(fileURLWithPath: "/tmp"), tasks: tasks)
      _ = try spec.expand()
    }
  }

  static func spec(_ yaml: String, tasks: [any SweepTask] = all) throws -> SweepSpec {
    try SweepSpec(yaml: yaml, baseDirectory: URL(fileURLWithPath: "/specs/sweeps"), tasks: tasks)
  }
}
