import Foundation
import TensorIO

/// What a run folder holds after an interruption at any instant, and how it is tidied.
///
/// An epoch's files are written in a fixed order, its metrics line last: checkpoint,
/// optimizer state, `best.safetensors` (when the epoch is the best so far), `spectra.npy`,
/// `metrics.jsonl`. An epoch has finished when its line is in `metrics.jsonl` and both its
/// checkpoint files exist, so a kill leaves the finished epochs 0...E intact plus, at most,
/// some files of epoch E + 1 and a temporary file: those are leftovers, removed before the
/// run goes on. Everything else that is derived (the spectra rows, `best.safetensors`) can
/// be rebuilt from the checkpoints.
extension RunFolder {
  /// The metrics of the finished epochs 0...E, in order: lines of `metrics.jsonl` that can
  /// be decoded, each epoch once (a repeated line is skipped), consecutive from 0 and with
  /// both checkpoint files; reading stops at the first line that breaks this.
  public func finishedEpochs() -> [EpochMetrics] {
    guard let text = try? String(contentsOf: metrics, encoding: .utf8) else { return [] }
    var finished: [EpochMetrics] = []
    for line in text.split(separator: "\n") {
      guard let m = try? JSONDecoder().decode(EpochMetrics.self, from: Data(line.utf8)) else {
        break
      }
      if m.epoch < finished.count { continue }
      guard m.epoch == finished.count,
        FileManager.default.fileExists(atPath: checkpoint(epoch: m.epoch).path),
        FileManager.default.fileExists(atPath: optimizerState(epoch: m.epoch).path)
      else { break }
      finished.append(m)
    }
    return finished
  }

  /// The epochs with a checkpoint or an optimizer state in `checkpoints/`.
  public func checkpointEpochs() -> [Int] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path)) ?? []
    let epochs = names.compactMap { name -> Int? in
      guard name.hasPrefix("epoch-"), name.hasSuffix(".safetensors") else { return nil }
      let stem = name.dropFirst("epoch-".count).dropLast(".safetensors".count)
      return Int(stem.hasSuffix(".optimizer") ? stem.dropLast(".optimizer".count) : stem)
    }
    return Array(Set(epochs)).sorted()
  }

  /// Deletes the temporary files of interrupted writes, in the folder and `checkpoints/`.
  public func removeTemporaries() {
    FileOutput.removeTemporaries(in: url)
    FileOutput.removeTemporaries(in: checkpoints)
  }

  /// Deletes the checkpoint files of every epoch after `epoch` (of all epochs when nil);
  /// with nil also the metrics, the spectra and `best.safetensors`, so a run starts over.
  public func removeEpochs(after epoch: Int?) throws {
    for e in checkpointEpochs() where e > (epoch ?? -1) {
      for file in [checkpoint(epoch: e), optimizerState(epoch: e)] { try removeIfPresent(file) }
    }
    if epoch == nil {
      for file in [metrics, spectra, best] { try removeIfPresent(file) }
    }
  }

  private func removeIfPresent(_ file: URL) throws {
    guard FileManager.default.fileExists(atPath: file.path) else { return }
    try FileManager.default.removeItem(at: file)
  }
}
