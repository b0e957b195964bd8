/// Progress of a run, reported after every batch.
public struct TrainingProgress: Sendable {
  public var epoch: Int
  public var batch: Int
  public var batches: Int
  /// Running mean of the epoch's training loss.
  public var loss: Double
  /// Input steps processed per second in this epoch (characters, rows, frames).
  public var stepsPerSecond: Double
  /// Sequences (images) processed per second in this epoch.
  public var sequencesPerSecond: Double
}
