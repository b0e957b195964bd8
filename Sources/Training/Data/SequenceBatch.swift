import LinearAlgebra

/// Which part of a dataset a batch comes from.
public enum DataSplit: String, Sendable, CaseIterable, Codable {
  case train
  case validation
  case test
}

/// What the targets of a task are, and so which losses apply.
public enum TargetKind: String, Sendable, Codable {
  /// A class at every step (next-character prediction): cross-entropy at every step.
  case classesPerStep
  /// One class per sequence, read at the last step (sequential MNIST).
  case classAtEnd
  /// A real vector at every step (signal prediction): MSE or MAE.
  case valuesPerStep
}

/// The targets of one batch, matching ``TargetKind``.
public enum BatchTargets<Scalar: BLASScalar>: Sendable {
  /// `[step][sequence]` class indices.
  case classesPerStep([[Int]])
  /// `[sequence]` class indices.
  case classAtEnd([Int])
  /// `[step]` matrices of `outputs x batch`.
  case valuesPerStep([Matrix<Scalar>])
}

/// A batch of B sequences of T steps: `inputs[t]` is `M x B`, one column per sequence.
public struct SequenceBatch<Scalar: BLASScalar>: Sendable {
  public var inputs: [Matrix<Scalar>]
  public var targets: BatchTargets<Scalar>

  public init(inputs: [Matrix<Scalar>], targets: BatchTargets<Scalar>) {
    self.inputs = inputs
    self.targets = targets
  }

  /// Sequences in the batch.
  public var size: Int { inputs.first?.columns ?? 0 }
  /// Steps per sequence.
  public var steps: Int { inputs.count }
}

/// A task's data: fixed sequences in three splits, batched on demand so that large corpora
/// are never expanded (one-hot) all at once.
public protocol SequenceDataset: Sendable {
  /// Features per input step M.
  var inputSize: Int { get }
  /// Classes, or output dimensions for real-valued targets.
  var outputSize: Int { get }
  /// The kind of targets.
  var targetKind: TargetKind { get }
  /// Number of sequences in `split`.
  func count(_ split: DataSplit) -> Int
  /// The sequences `indices` (each in `0..<count(split)`) of `split` as one batch.
  func batch<S: BLASScalar>(_ split: DataSplit, indices: [Int], as: S.Type) -> SequenceBatch<S>
}
