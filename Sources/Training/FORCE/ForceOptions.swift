import Foundation

/// The options of a FORCE run by the long names `lyap force` gives them (`size`, `g`,
/// `learn-every`, ...): the table the command line and sweep specs share. Unset options
/// keep the defaults of ``ForceConfiguration``.
public struct ForceOptions: Codable, Equatable, Sendable {
  public var size: Int?
  public var g: Double?
  public var seed: UInt64?
  public var density: Double?
  public var epochs: Int?
  public var testEpochs: Int?
  public var learnEvery: Int?
  public var alpha: Double?
  public var targetSeed: UInt64?
  /// Four-sine frequency and amplitude ranges as `LO:HI`.
  public var frequencies: String?
  public var amplitudes: String?
  /// A `[T]` or `[T, D]` .npy target.
  public var target: String?
  public var exponents: Int?
  public var starts: Int?
  public var spectrumSteps: Int?
  public var threads: Int?

  public init() {}

  /// The long names of every option.
  public static var names: [String] { CodingKeys.allCases.map(\.rawValue) }
  /// The options whose values are file paths.
  public static let pathOptions: Set<String> = ["target"]

  enum CodingKeys: String, CodingKey, CaseIterable {
    case size, g, seed, density, epochs
    case testEpochs = "test-epochs"
    case learnEvery = "learn-every"
    case alpha
    case targetSeed = "target-seed"
    case frequencies, amplitudes, target, exponents, starts
    case spectrumSteps = "spectrum-steps"
    case threads
  }

  /// The option name of each ``ForceConfiguration`` setting that its checks name.
  public static let optionOfSetting = [
    "size": "size", "gain": "g", "density": "density", "learnEvery": "learn-every",
    "regularization": "alpha", "epochs": "epochs", "testEpochs": "test-epochs",
    "starts": "starts", "spectrumSteps": "spectrum-steps", "threads": "threads",
    "exponents": "exponents", "frequencies": "frequencies", "amplitudes": "amplitudes",
  ]

  /// The configuration, checked; a relative target path is taken against `directory`.
  ///
  /// - Throws: ``ForceError/invalidOption(name:value:hint:)`` naming the option.
  public func configuration(relativeTo directory: URL? = nil) throws -> ForceConfiguration {
    var c = ForceConfiguration()
    c.size = size ?? c.size
    c.gain = g ?? c.gain
    c.seed = seed ?? c.seed
    c.density = density ?? c.density
    c.epochs = epochs ?? c.epochs
    c.testEpochs = testEpochs ?? c.testEpochs
    c.learnEvery = learnEvery ?? c.learnEvery
    c.regularization = alpha ?? c.regularization
    c.exponents = exponents
    c.starts = starts ?? c.starts
    c.spectrumSteps = spectrumSteps ?? c.spectrumSteps
    c.threads = threads ?? c.threads
    if let target {
      if let targetSeed {
        throw ForceError.invalidOption(
          name: "target-seed", value: "\(targetSeed)",
          hint: "a target file (\(target)) and a target seed exclude each other; give one")
      }
      for (name, value) in [("frequencies", frequencies), ("amplitudes", amplitudes)] {
        if let value {
          throw ForceError.invalidOption(
            name: name, value: value, hint: "applies to the four-sine target, not a target file")
        }
      }
      let path =
        target.hasPrefix("/") || directory == nil
        ? target : directory!.appendingPathComponent(target).standardizedFileURL.path
      c.target = .file(path: path)
    } else {
      c.target = .fourSine(
        seed: targetSeed ?? c.seed,
        frequencies: try Self.range(frequencies ?? "1:5", "frequencies"),
        amplitudes: try Self.range(amplitudes ?? "1:10", "amplitudes"))
    }
    do {
      try c.validate()
    } catch ForceError.invalidOption(let name, let value, let hint) {
      throw ForceError.invalidOption(
        name: Self.optionOfSetting[name] ?? name, value: value, hint: hint)
    }
    return c
  }

  /// `LO:HI` as `[LO, HI]`.
  static func range(_ text: String, _ option: String) throws -> [Int] {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo >= 1, lo <= hi else {
      throw ForceError.invalidOption(
        name: option, value: text, hint: "give LO:HI with integers 1 <= LO <= HI, e.g. 1:5")
    }
    return [lo, hi]
  }
}
