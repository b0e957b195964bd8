/// Why a training run stopped early.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
  /// The loss became NaN or infinite; the last good checkpoint is kept.
  case nonFiniteLoss(epoch: Int, batch: Int, lastCheckpoint: Int)
  /// SIGINT or SIGTERM: completed epochs are saved.
  case interrupted(epoch: Int, lastCheckpoint: Int)
  /// `--resume` found nothing to resume.
  case nothingToResume(folder: String)

  public var description: String {
    switch self {
    case .nonFiniteLoss(let epoch, let batch, let last):
      return
        "the training loss became NaN or infinite in epoch \(epoch), batch \(batch); stopped, keeping checkpoint epoch-\(last). Try a smaller --lr, --clip 5, or a smaller --init scale"
    case .interrupted(let epoch, let last):
      return
        "interrupted during epoch \(epoch); epochs up to \(last) are saved — continue with --resume"
    case .nothingToResume(let folder):
      return
        "--resume: \(folder) holds no config.json and checkpoint to resume from; start without --resume"
    }
  }
}
