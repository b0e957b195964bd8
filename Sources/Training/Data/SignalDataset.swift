import Foundation
import LinearAlgebra
import TensorIO

/// Next-frame prediction of a multi-dimensional signal (task `signal`): the input at step `t`
/// is frame `t`, the target is frame `t + 1`, both real vectors of `D` values.
///
/// The signal is a `[T, D]` array: `T` frames in time order, `D` dimensions, from a `.npy`
/// file or generated (``lorenz96(dimensions:forcing:steps:sampleEvery:dt:seed:sequenceLength:splits:)``).
///
/// **Splits and sequences** follow ``CharacterDataset``: the frames are split contiguously in
/// time (train first, then validation, test the remainder; 80/10/10 by default), and a split
/// of `m` frames holds `(m - 1) / L` non-overlapping sequences: sequence `i` starts at
/// `s = i * L`, inputs are frames `[s, s + L)`, targets frames `[s + 1, s + L + 1)`.
///
/// **Normalization.** Each dimension is shifted and scaled to zero mean and unit variance
/// with the statistics of the *train* frames only (population standard deviation), so
/// validation and test data do not leak into the model's input scale. Batches hold
/// normalized values; ``mean`` and ``std`` map predictions back (`x = z * std + mean`). A
/// dimension that is constant over the train frames keeps scale 1 (it is only centered).
public struct SignalDataset: SequenceDataset {
  /// Dimensions per frame D.
  public let dimensions: Int
  /// Frames in the whole signal T.
  public let frameCount: Int
  /// Per-dimension mean of the train frames (raw units).
  public let mean: [Double]
  /// Per-dimension population standard deviation of the train frames (raw units; 1 for a
  /// dimension constant over the train frames).
  public let std: [Double]

  /// Steps per sequence L.
  public var sequenceLength: Int { split.sequenceLength }
  public var inputSize: Int { dimensions }
  public var outputSize: Int { dimensions }
  public var targetKind: TargetKind { .valuesPerStep }

  /// Normalized frames, row-major `[T, D]`.
  private let values: [Double]
  private let split: ContiguousSplit

  /// Loads a `[T, D]` signal from a `.npy` file (float32 or float64; integer dtypes are
  /// converted too).
  ///
  /// - Throws: `TensorIOError` when the file is unreadable or not a supported `.npy` file;
  ///   ``DataError/wrongSignalShape(source:shape:)`` unless the array has rank 2 and D >= 1;
  ///   ``DataError/nonFiniteValue(source:step:dimension:)``; the split errors of
  ///   ``CharacterDataset/init(url:sequenceLength:splits:)``.
  public init(
    url: URL, sequenceLength: Int = 100,
    splits: (train: Double, validation: Double) = (0.8, 0.1)
  ) throws {
    try self.init(
      array: NPY.read(url, as: Double.self), sequenceLength: sequenceLength, splits: splits,
      source: "'\(url.path)'")
  }

  /// A dataset over an in-memory `[T, D]` array (same rules as the file initializer).
  public init(
    array: NDArray<Double>, sequenceLength: Int = 100,
    splits: (train: Double, validation: Double) = (0.8, 0.1)
  ) throws {
    try self.init(
      array: array, sequenceLength: sequenceLength, splits: splits, source: "the signal")
  }

  init(
    array: NDArray<Double>, sequenceLength: Int, splits: (train: Double, validation: Double),
    source: String
  ) throws {
    guard array.rank == 2, array.shape[1] >= 1 else {
      throw DataError.wrongSignalShape(source: source, shape: array.shape)
    }
    let (frames, d) = (array.shape[0], array.shape[1])
    if let bad = array.data.firstIndex(where: { !$0.isFinite }) {
      throw DataError.nonFiniteValue(source: source, step: bad / d, dimension: bad % d)
    }
    let split = try ContiguousSplit(
      total: frames, fractions: splits, sequenceLength: sequenceLength, source: source)
    let train = split.train
    var mean = [Double](repeating: 0, count: d)
    var std = [Double](repeating: 0, count: d)
    if !train.isEmpty {
      for frame in train {
        for i in 0..<d { mean[i] += array.data[frame * d + i] }
      }
      for i in 0..<d { mean[i] /= Double(train.count) }
      for frame in train {
        for i in 0..<d {
          let deviation = array.data[frame * d + i] - mean[i]
          std[i] += deviation * deviation
        }
      }
    }
    for i in 0..<d {
      let deviation = (std[i] / Double(max(1, train.count))).squareRoot()
      std[i] = deviation > 0 ? deviation : 1
    }
    // Values near the largest Double overflow the sums: the normalized signal would be
    // all zeros (or NaN) and nothing would be learned.
    if let i = (0..<d).first(where: { !mean[$0].isFinite || !std[$0].isFinite }) {
      let largest = array.data.map(\.magnitude).max() ?? 0
      throw DataError.invalidOption(
        name: "signal", value: source,
        hint:
          "dimension \(i) cannot be normalized: its values (up to \(largest) in magnitude) overflow the mean or variance; rescale the signal before training"
      )
    }
    var values = array.data
    for frame in 0..<frames {
      for i in 0..<d { values[frame * d + i] = (values[frame * d + i] - mean[i]) / std[i] }
    }
    self.dimensions = d
    self.frameCount = frames
    self.mean = mean
    self.std = std
    self.values = values
    self.split = split
  }

  /// The frames (positions in the whole signal) of `split`.
  public func range(of split: DataSplit) -> Range<Int> { self.split.range(split) }

  public func count(_ split: DataSplit) -> Int { self.split.count(split) }

  /// The normalized value of `dimension` at frame `frame` of the whole signal.
  public func normalizedValue(frame: Int, dimension: Int) -> Double {
    precondition(
      frame >= 0 && frame < frameCount && dimension >= 0 && dimension < dimensions,
      "frame \(frame), dimension \(dimension) is outside \(frameCount) x \(dimensions)")
    return values[frame * dimensions + dimension]
  }

  /// Normalized frames `[s, s + L)` as inputs and `[s + 1, s + L + 1)` as
  /// ``BatchTargets/valuesPerStep(_:)`` targets, each step a `D x B` matrix.
  ///
  /// - Precondition: every index is in `0..<count(split)`.
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  public func batch<S: BLASScalar>(
    _ split: DataSplit, indices: [Int], as: S.Type
  ) -> SequenceBatch<S> {
    let starts = indices.map { self.split.start(split, sequence: $0) }
    let d = dimensions
    // Step t of the inputs and step t - 1 of the targets are the same frames.
    let frames = (0...sequenceLength).map { t in
      var step = Matrix<S>(rows: d, columns: starts.count)
      for (column, start) in starts.enumerated() {
        let offset = (start + t) * d
        for i in 0..<d { step.storage[i + column * d] = S(values[offset + i]) }
      }
      return step
    }
    return SequenceBatch(
      inputs: Array(frames.dropLast()), targets: .valuesPerStep(Array(frames.dropFirst())))
  }
}
