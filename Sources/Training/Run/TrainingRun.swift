import Foundation
import LinearAlgebra

/// One training run: a ``RunSpecification`` trained into a ``RunFolder``, new or resumed,
/// in the precision the specification names. `lyap train`, its `--resume` and sweep
/// workers all train through it.
public struct TrainingRun: Sendable {
  public var specification: RunSpecification
  public let folder: RunFolder
  /// OpenBLAS's thread count while training (process-wide, set at the start); nil leaves it.
  public var blasThreads: Int? = 1

  public init(specification: RunSpecification, folder: RunFolder) {
    self.specification = specification
    self.folder = folder
  }

  /// The run recorded in `folder`'s `config.json`, to be continued; `epochs` (if given)
  /// replaces its number of epochs, so that a finished run can train further.
  ///
  /// - Throws: ``TrainingError/nothingToResume(folder:)`` without a `config.json`;
  ///   decoding errors for one that cannot be read.
  public static func resuming(_ folder: RunFolder, epochs: Int? = nil) throws -> TrainingRun {
    guard FileManager.default.fileExists(atPath: folder.configuration.path) else {
      throw TrainingError.nothingToResume(folder: folder.url.path)
    }
    var spec = try folder.readConfiguration()
    if let epochs { spec.epochs = epochs }
    return TrainingRun(specification: spec, folder: folder)
  }

  /// Trains (or, with `resume`, continues) the run.
  ///
  /// - Parameters:
  ///   - dataset: the data, if already loaded (it must be that of the specification's task);
  ///     loaded from the task otherwise.
  ///   - progress, shouldStop, epochFinished, notice: as in
  ///     ``Trainer/run(resume:progress:shouldStop:epochFinished:notice:)``.
  /// - Returns: the metrics of every epoch, epoch 0 first.
  public func run(
    resume: Bool, dataset: (any SequenceDataset)? = nil,
    progress: ((TrainingProgress) -> Void)? = nil, shouldStop: () -> Bool = { false },
    epochFinished: ((EpochMetrics) -> Void)? = nil, notice: ((String) -> Void)? = nil
  ) throws -> [EpochMetrics] {
    try specification.validate()
    let data = try dataset ?? specification.task.makeDataset()
    switch specification.precision {
    case .float:
      var trainer = Trainer<Float>(configuration: specification, dataset: data, folder: folder)
      trainer.blasThreads = blasThreads
      return try trainer.run(
        resume: resume, progress: progress, shouldStop: shouldStop,
        epochFinished: epochFinished, notice: notice)
    case .double:
      var trainer = Trainer<Double>(configuration: specification, dataset: data, folder: folder)
      trainer.blasThreads = blasThreads
      return try trainer.run(
        resume: resume, progress: progress, shouldStop: shouldStop,
        epochFinished: epochFinished, notice: notice)
    }
  }
}
