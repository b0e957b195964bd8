import Foundation
import Training

/// `lyap force` as a sweep task: its options are those of ``ForceOptions``; the spectrum is
/// taken once, after training, so a spec's `spectrum:` block does not apply.
public struct ForceSweepTask: SweepTask {
  public init() {}

  public var name: String { "force" }
  public var optionNames: Set<String> { Set(ForceOptions.names) }
  public var pathOptions: Set<String> { ForceOptions.pathOptions }
  public var tracksSpectrumDuringTraining: Bool { false }

  public func validate(_ options: [String: OptionValue], baseDirectory: URL) throws {
    _ = try ForceOptions(trial: options).configuration(relativeTo: baseDirectory)
  }
}

extension ForceOptions {
  /// The options of one sweep trial (`task` aside); a value of the wrong type is an error
  /// naming the option.
  public init(trial options: [String: OptionValue]) throws {
    var options = options
    options["task"] = nil
    do {
      self = try JSONDecoder().decode(ForceOptions.self, from: JSONEncoder().encode(options))
    } catch let error as DecodingError {
      let key: String
      switch error {
      case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
        key = c.codingPath.last?.stringValue ?? "?"
      case .keyNotFound(let k, _): key = k.stringValue
      @unknown default: key = "?"
      }
      throw ForceError.invalidOption(
        name: key, value: options[key]?.canonicalJSON ?? "", hint: "a value of the wrong type")
    }
  }
}

/// One FORCE trial: trained and measured in one go (a trial cut short starts again; it is
/// deterministic), its run folder written, one store row per epoch (train and free-run
/// validation MAE; each epoch's seconds are the training time shared evenly, the last also
/// holding the spectrum's) with the spectrum on the last.
struct ForceTrial {
  let execution: TrialExecution

  func run(_ record: TrialRecord) throws {
    let config = try ForceOptions(trial: record.trial.options)
      .configuration(relativeTo: execution.specDirectory)
    let run = try ForceExperiment.run(config)
    let folder = execution.folder(of: record.id).url
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try ForceRunFolder(folder).write(run)
    let train = run.training.trainMAE
    let validation = run.training.validationMAE
    let epochs = min(train.count, validation.count)
    let share = run.trainingSeconds / Double(max(1, epochs))
    for e in 0..<epochs {
      let last = e == epochs - 1
      try execution.store.recordEpoch(
        trialID: record.id,
        EpochRecord(
          epoch: e + 1, trainLoss: train[e], validationLoss: validation[e],
          seconds: share + (last ? run.spectrumSeconds : 0), learningRate: 0,
          statistics: last ? run.spectrum.statistics : nil,
          exponents: last ? run.spectrum.exponents : nil))
    }
  }
}
