import Foundation
import Lyapunov
import TensorIO
import Training

/// Runs one trial of a sweep in this process: its training run in its own folder (resumed
/// from the last finished epoch when the folder holds one), every finished epoch recorded
/// in the store as it is written, the trial marked finished or failed at the end.
///
/// The run folder is the source of truth and the store mirrors it: a resumed run reports
/// the epochs it had finished again, and recording is an upsert, so a kill at any moment
/// loses at most the epoch in flight.
public struct TrialExecution: Sendable {
  public let store: ResultStore
  /// The folder the spec's relative paths are read from.
  public let specDirectory: URL
  /// The folder of the sweep's run folders (one per trial, named by the trial id).
  public let runsDirectory: URL

  /// Called after each write to the store with its kind (`epoch`, `finish`, `fail`); tests
  /// throw from it to leave the store as a kill right after that write would.
  var afterWrite: (@Sendable (String) throws -> Void)? = nil

  public init(store: ResultStore, specDirectory: URL, runsDirectory: URL) {
    self.store = store
    self.specDirectory = specDirectory
    self.runsDirectory = runsDirectory
  }

  /// The run folder of `trial`: the first 16 hex digits of its id.
  public func folder(of trialID: String) -> RunFolder {
    RunFolder(runsDirectory.appendingPathComponent(String(trialID.prefix(16))))
  }

  /// How a trial ended.
  public enum Outcome: Sendable, Equatable {
    case finished
    case failed(String)
    /// `shouldStop` asked it to stop; the trial stays running, to be continued.
    case interrupted
  }

  /// Trains the trial `record` (already claimed as running) to its end.
  public func run(_ record: TrialRecord, shouldStop: @escaping () -> Bool = { false }) throws
    -> Outcome
  {
    let id = record.id
    let folder = folder(of: id)
    let lock = try StoreLock(path: folder.url.path + ".lock", wait: true)
    defer { withExtendedLifetime(lock) {} }
    do {
      if store.sweep.info.task == ForceSweepTask().name {
        try ForceTrial(execution: self).run(record)
        try store.finish(trialID: id)
        return .finished
      }
      let options = try TrainOptions(trial: record.trial.options)
      let (specification, dataset) = try options.specification(relativeTo: specDirectory)
      let resume = folder.lastFinishedEpoch() != nil
      if !resume, FileManager.default.fileExists(atPath: folder.url.path) {
        try FileManager.default.removeItem(at: folder.url)  // nothing finished in it
      }
      let recorder = EpochRecorder(
        store: store, trialID: id, folder: folder, afterWrite: afterWrite)
      var run = TrainingRun(specification: specification, folder: folder)
      run.blasThreads = 1
      do {
        _ = try run.run(
          resume: resume, dataset: dataset, shouldStop: { shouldStop() || recorder.failed },
          epochFinished: { recorder.record($0) })
      } catch TrainingError.interrupted(let epoch, let last) {
        try recorder.check()
        throw TrainingError.interrupted(epoch: epoch, lastCheckpoint: last)
      }
      try recorder.check()
      try store.finish(trialID: id)
      try afterWrite?("finish")
      return .finished
    } catch TrainingError.interrupted {
      return .interrupted
    } catch let error as ResultStoreError {
      throw error
    } catch let error as SimulatedKill {
      throw error
    } catch {
      let reason = "\(error)"
      try store.fail(trialID: id, reason: reason)
      try afterWrite?("fail")
      return .failed(reason)
    }
  }
}

/// Turns each finished epoch of a run into a store row, with its exponents read from the
/// run's `spectra.npy` (one row per epoch whose spectrum was computed or failed, in order).
final class EpochRecorder: @unchecked Sendable {
  let store: ResultStore
  let trialID: String
  let folder: RunFolder
  private var spectrumRows = 0
  private var failure: Error?

  let afterWrite: (@Sendable (String) throws -> Void)?

  init(
    store: ResultStore, trialID: String, folder: RunFolder,
    afterWrite: (@Sendable (String) throws -> Void)?
  ) {
    self.afterWrite = afterWrite
    self.store = store
    self.trialID = trialID
    self.folder = folder
  }

  func record(_ m: EpochMetrics) {
    guard failure == nil else { return }
    do {
      var exponents: [Double]?
      if m.spectrum != nil || m.spectrumError != nil {
        let spectra = try NPY.read(folder.spectra, as: Double.self)
        let k = spectra.shape.count == 2 ? spectra.shape[1] : 0
        if spectrumRows < (spectra.shape.first ?? 0), k > 0, m.spectrum != nil {
          exponents = Array(spectra.data[(spectrumRows * k)..<((spectrumRows + 1) * k)])
        }
        spectrumRows += 1
      }
      try store.recordEpoch(
        trialID: trialID,
        EpochRecord(
          epoch: m.epoch, trainLoss: m.trainLoss, validationLoss: m.validationLoss,
          accuracy: m.validationAccuracy, seconds: m.seconds, learningRate: m.learningRate,
          statistics: m.spectrum, exponents: exponents, spectrumError: m.spectrumError))
      try afterWrite?("epoch")
    } catch {
      failure = error
    }
  }

  var failed: Bool { failure != nil }

  /// Rethrows the first error met while recording.
  func check() throws {
    if let failure { throw failure }
  }
}

/// What a test hook throws to stop a sweep right after a write, as a kill would.
struct SimulatedKill: Error {}
