import Foundation

/// A task a sweep can run (`charrnn`, `smnist`, `signal`, `force`): the options it accepts
/// and the full check of one trial's options, so a spec fails before anything runs.
public protocol SweepTask: Sendable {
  /// The task's name as written after `task:` in a spec, e.g. `smnist`.
  var name: String { get }
  /// Every option the task accepts, by its long name (`hidden-size`, `lr`, ...).
  var optionNames: Set<String> { get }
  /// The options whose values are file paths, relative to the spec file's folder.
  var pathOptions: Set<String> { get }
  /// Whether the task computes a spectrum during training, every few epochs, so that a
  /// spec's `spectrum:` block applies; a task whose spectrum is taken once after training
  /// sets its spectrum options directly.
  var tracksSpectrumDuringTraining: Bool { get }
  /// Checks one trial's resolved options (including `task`) completely: names, types,
  /// ranges, combinations, and that the files they name exist under `baseDirectory`.
  func validate(_ options: [String: OptionValue], baseDirectory: URL) throws
}

extension SweepTask {
  /// By default, a task tracks its spectrum during training when it has the
  /// `spectrum-every` option.
  public var tracksSpectrumDuringTraining: Bool { optionNames.contains("spectrum-every") }
}
