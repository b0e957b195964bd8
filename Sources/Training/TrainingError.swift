/// Why a training run stopped early.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
  /// The loss became NaN or infinite; the last good checkpoint is kept.
  case nonFiniteLoss(epoch: Int, batch: Int, lastCheckpoint: Int)
  /// SIGINT or SIGTERM: completed epochs are saved.
  case interrupted(epoch: Int, lastCheckpoint: Int)
  /// The validation loss after `epoch` is NaN or infinite; nothing of that epoch is saved.
  case nonFiniteValidationLoss(epoch: Int, lastCheckpoint: Int?)
  /// Resuming found nothing to resume.
  case nothingToResume(folder: String)
  /// A new run was started in a folder that holds a run.
  case runExists(folder: String)
  /// `checkpoints/` holds epochs that `metrics.jsonl` does not record, beyond the one a kill
  /// can leave unfinished: the metrics file was cut or deleted.
  case unrecordedEpochs(folder: String, epochs: [Int], lastFinished: Int?)
  /// The checkpoint to resume does not fit the configuration or the data.
  case checkpointMismatch(epoch: Int, detail: String)
  /// The training or validation split holds no sequences.
  case emptySplit(String)
  /// An option of a run (named as `lyap train` and sweep specs name it, e.g. `hidden-size`)
  /// is missing, malformed or does not apply; `hint` says what would work.
  case invalidOption(name: String, value: String, hint: String)

  /// The message, options named as the library names them (`lr`, `resume`).
  public var description: String { description(option: { $0 }) }

  /// The message with every option spelled by `option` (the command line passes
  /// `{ "--" + $0 }`).
  public func description(option o: (String) -> String) -> String {
    switch self {
    case .nonFiniteLoss(let epoch, let batch, let last):
      return
        "the training loss became NaN or infinite in epoch \(epoch), batch \(batch); stopped, keeping checkpoint epoch-\(last). Try a smaller \(o("lr")), \(o("clip")) 5, or a smaller \(o("init")) scale"
    case .interrupted(let epoch, let last):
      return
        "interrupted during epoch \(epoch); epochs up to \(last) are saved — continue with \(o("resume"))"
    case .nonFiniteValidationLoss(let epoch, let last):
      let kept = last.map { "keeping checkpoint epoch-\($0)" } ?? "nothing was saved"
      return
        "the validation loss is NaN or infinite after epoch \(epoch); stopped, \(kept). Try a smaller \(o("lr")), \(o("clip")) 5, or a smaller \(o("init")) scale"
    case .nothingToResume(let folder):
      return
        "\(o("resume")): \(folder) holds no finished epoch (metrics.jsonl with its checkpoint) to resume from; start without \(o("resume"))"
    case .runExists(let folder):
      return
        "\(folder) already holds a run; continue it with \(o("resume")), or give \(o("run-dir")) a new or empty folder"
    case .unrecordedEpochs(let folder, let epochs, let last):
      let recorded = last.map { "records epochs 0-\($0) only" } ?? "is missing or records no epoch"
      let list =
        epochs.count > 3
        ? "\(epochs[0])-\(epochs.last!)" : epochs.map(String.init).joined(separator: ", ")
      return
        "\(folder)/metrics.jsonl \(recorded) while checkpoints/ holds epochs \(list): the metrics were cut or deleted (an interruption cannot do this). Restore metrics.jsonl to continue the run, or give \(o("run-dir")) a new folder to start over"
    case .checkpointMismatch(let epoch, let detail):
      return
        "\(o("resume")): checkpoint epoch-\(epoch) does not fit: it holds \(detail); resume with the run's own data and settings (config.json)"
    case .invalidOption(let name, let value, let hint):
      return "invalid \(o(name)) \(value): \(hint)"
    case .emptySplit(let split):
      return
        "the \(split) split holds no sequences; training needs both a training and a validation split (check \(o("train-count")), \(o("validation-count")) and the data's length)"
    }
  }
}
