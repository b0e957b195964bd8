import Foundation
import LinearAlgebra
import RecurrentNets
import TensorIO

/// Starting and resuming in a folder that an interruption may have left at any instant (see
/// `RunFolder+Recovery.swift`): leftovers of an unfinished epoch are removed, and what can be
/// rebuilt from the checkpoints (the spectra rows, `best.safetensors`, a metrics file with
/// repeated or cut lines) is rebuilt, with a notice.
extension Trainer {
  /// Sorts out the folder before training and returns the state to continue from, or nil
  /// when the run starts at epoch 0 (the folder then holds no earlier run files).
  func prepareFolder<Cell: TrainableCell>(resume: Bool, _: Cell.Type, _ hooks: Hooks) throws
    -> State?
  where Cell.Scalar == Scalar {
    folder.removeTemporaries()
    let finished = folder.finishedEpochs()
    let last = finished.last?.epoch
    // A kill leaves files of at most the one epoch after the last finished one.
    let unrecorded = folder.checkpointEpochs().filter { $0 > (last ?? -1) + 1 }
    guard unrecorded.isEmpty else {
      throw TrainingError.unrecordedEpochs(
        folder: folder.url.path, epochs: unrecorded, lastFinished: last)
    }
    if let last {
      guard resume else { throw TrainingError.runExists(folder: folder.url.path) }
      if folder.checkpointEpochs().contains(last + 1) {
        hooks.notice?("removed the files of the unfinished epoch \(last + 1); it is trained again")
      }
      try folder.removeEpochs(after: last)
      return try load(epoch: last, finished: finished, Cell.self, hooks)
    }
    if resume {
      guard FileManager.default.fileExists(atPath: folder.configuration.path) else {
        throw TrainingError.nothingToResume(folder: folder.url.path)
      }
      hooks.notice?("no epoch of the run had finished: starting it over from epoch 0")
    }
    try folder.removeEpochs(after: nil)
    return nil
  }

  /// `metrics.jsonl` holding exactly the finished epochs (rewritten when it held repeated,
  /// unreadable or unfinished lines).
  func repairMetrics(_ finished: [EpochMetrics], _ hooks: Hooks) throws {
    guard (try? folder.readMetrics()) != finished else { return }
    try folder.writeMetrics(finished)
    hooks.notice?(
      "metrics.jsonl held lines beyond the finished epochs 0-\(finished.count - 1) (repeated, unreadable or unfinished): rewritten with those epochs"
    )
  }

  /// The spectra rows of the finished epochs: those of `spectra.npy` when it holds them all,
  /// otherwise recomputed from each epoch's checkpoint (the spectrum is a deterministic
  /// function of the weights and the validation data) and written back.
  func repairSpectra<Cell: TrainableCell>(
    _ finished: [EpochMetrics], _: Cell.Type, _ hooks: Hooks
  ) throws -> [[Double]] where Cell.Scalar == Scalar {
    let epochs = finished.filter { $0.spectrum != nil || $0.spectrumError != nil }.map(\.epoch)
    guard !epochs.isEmpty else { return [] }
    let stored = try? folder.readSpectra()
    if let stored, stored.count >= epochs.count,
      stored.allSatisfy({ $0.count == spectrumWidth })
    {
      return Array(stored.prefix(epochs.count))
    }
    var rows: [[Double]] = []
    for epoch in epochs {
      let (parameters, _) = try ModelParameters<Scalar>.read(folder.checkpoint(epoch: epoch))
      let measured = try measuredSpectrum(parameters)
      rows.append((try? measured.get())?.exponents ?? failedSpectrumRow)
    }
    if !rows.isEmpty { try folder.writeSpectra(rows) }
    let what = stored == nil ? "missing or unreadable" : "short of rows or of another width"
    hooks.notice?(
      "spectra.npy was \(what): rebuilt its \(rows.count) rows from the checkpoints")
    return rows
  }

  /// `best.safetensors` as the finished epochs have it: the checkpoint of the last epoch
  /// with the lowest validation loss, rewritten when missing or from another epoch (an
  /// unfinished one).
  func repairBest(_ finished: [EpochMetrics], _ hooks: Hooks) throws {
    guard let lowest = finished.map(\.validationLoss).min(),
      let epoch = finished.last(where: { $0.validationLoss == lowest })?.epoch
    else { return }
    let stored = try? SafeTensorsFile<Scalar>.read(folder.best).metadata["epoch"]
    guard stored != "\(epoch)" else { return }
    var (parameters, _) = try ModelParameters<Scalar>.read(folder.checkpoint(epoch: epoch))
    parameters.network = trainingNetwork
    try parameters.write(to: folder.best, extraMetadata: ["epoch": "\(epoch)"])
    hooks.notice?(
      "best.safetensors was \(stored.map { "from epoch \($0)" } ?? "missing"): rewritten from checkpoint epoch-\(epoch)"
    )
  }
}
