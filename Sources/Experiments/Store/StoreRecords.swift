import Foundation
import Lyapunov

/// Where a trial of a sweep stands.
public enum TrialStatus: String, Sendable, Codable, CaseIterable {
  case pending, running, finished, failed
}

/// What a result store records about its sweep: the spec as written and how to read it.
public struct SweepInfo: Sendable, Equatable {
  /// The sweep's name.
  public var name: String
  /// The task every trial runs (`lyap train`'s task, or `force`).
  public var task: String
  /// The YAML spec as written.
  public var specText: String
  /// The absolute directory of the spec file (relative paths in the spec start there).
  public var specDirectory: String
  /// The options and variables that vary between trials, in spec order.
  public var variedNames: [String]
  /// Whether trials record a spectrum every epoch (train tasks) or once after training
  /// (`force`).
  public var spectrumPerEpoch: Bool

  public init(
    name: String, task: String, specText: String, specDirectory: String, variedNames: [String],
    spectrumPerEpoch: Bool
  ) {
    self.name = name
    self.task = task
    self.specText = specText
    self.specDirectory = specDirectory
    self.variedNames = variedNames
    self.spectrumPerEpoch = spectrumPerEpoch
  }
}

/// The sweep row of an existing store: its ``SweepInfo``, creation time and fingerprint.
public struct StoredSweep: Sendable, Equatable {
  public var info: SweepInfo
  /// When the store was created.
  public var created: Date
  /// SHA-256 hex of the sorted trial ids joined by newlines (``ResultStore/fingerprint(of:)``).
  public var fingerprint: String
}

/// One trial as the spec expands it: the input a store is created from.
public struct StoredTrial: Sendable, Equatable {
  /// The trial's id: 64 lowercase hexadecimal digits (a SHA-256).
  public var id: String
  /// The 0-based position of the trial in the spec's order.
  public var index: Int
  /// The `lyap train` (or `force`) options of the trial.
  public var options: [String: OptionValue]
  /// The spec variables the trial was expanded from.
  public var variables: [String: OptionValue]

  public init(
    id: String, index: Int, options: [String: OptionValue], variables: [String: OptionValue]
  ) {
    self.id = id
    self.index = index
    self.options = options
    self.variables = variables
  }

  /// The value of a varied name: the option if there is one, else the variable.
  public func value(of name: String) -> OptionValue? { options[name] ?? variables[name] }
}

/// A trial row: the spec's trial, its progress and its summary.
public struct TrialRecord: Sendable, Equatable {
  public var trial: StoredTrial
  public var status: TrialStatus
  /// The worker that ran (or runs) the trial.
  public var worker: Int?
  public var started: Date?
  /// When the trial finished or failed.
  public var finished: Date?
  /// The sum of the recorded epochs' seconds (set when the trial finishes or fails).
  public var seconds: Double?
  /// The largest recorded epoch number (0 when only the initial evaluation, or nothing).
  public var epochsCompleted: Int
  /// The validation loss of the last recorded epoch (`nil` when none or NaN).
  public var finalValidationLoss: Double?
  /// The accuracy of the last recorded epoch.
  public var finalAccuracy: Double?
  /// The smallest validation loss over the recorded epochs (NaN losses left out).
  public var bestValidationLoss: Double?
  /// The epoch of ``bestValidationLoss`` (the earliest on ties).
  public var bestEpoch: Int?
  /// Why the trial failed.
  public var failureReason: String?

  public var id: String { trial.id }
  public var index: Int { trial.index }
}

/// What one epoch of a trial reports; recording an epoch twice replaces it.
public struct EpochRecord: Sendable, Equatable {
  /// The epoch number (0 for an evaluation before training, if the runner records one).
  public var epoch: Int
  public var trainLoss: Double?
  /// The validation loss; NaN (a diverged run) is stored as NULL and reads back as NaN.
  public var validationLoss: Double
  public var accuracy: Double?
  /// The epoch's wall-clock seconds.
  public var seconds: Double
  public var learningRate: Double
  /// The statistics of the epoch's spectrum.
  public var statistics: SpectrumStatistics?
  /// The exponents of the epoch's spectrum; -infinity (annihilated directions) is kept.
  public var exponents: [Double]?
  /// Why the spectrum could not be computed, if it could not.
  public var spectrumError: String?

  public init(
    epoch: Int, trainLoss: Double? = nil, validationLoss: Double, accuracy: Double? = nil,
    seconds: Double, learningRate: Double, statistics: SpectrumStatistics? = nil,
    exponents: [Double]? = nil, spectrumError: String? = nil
  ) {
    self.epoch = epoch
    self.trainLoss = trainLoss
    self.validationLoss = validationLoss
    self.accuracy = accuracy
    self.seconds = seconds
    self.learningRate = learningRate
    self.statistics = statistics
    self.exponents = exponents
    self.spectrumError = spectrumError
  }

  /// Equality that treats two NaN validation losses as equal (NaN is how a diverged run
  /// reads back).
  public static func == (a: EpochRecord, b: EpochRecord) -> Bool {
    let sameLoss =
      a.validationLoss == b.validationLoss || (a.validationLoss.isNaN && b.validationLoss.isNaN)
    return sameLoss && a.epoch == b.epoch && a.trainLoss == b.trainLoss
      && a.accuracy == b.accuracy && a.seconds == b.seconds && a.learningRate == b.learningRate
      && a.statistics == b.statistics && a.exponents == b.exponents
      && a.spectrumError == b.spectrumError
  }
}
