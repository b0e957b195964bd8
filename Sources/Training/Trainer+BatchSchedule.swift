import LinearAlgebra

/// Which sequences make up each batch, and which states each batch starts from.
///
/// Stateless training shuffles the windows afresh every epoch (a stream of the run's seed)
/// and starts every batch from zero; stateful training (`carryState`) walks contiguous
/// streams of windows in order, each batch starting from the previous batch's final states.
/// Validation keeps its windows in order either way.
extension Trainer {
  /// The training batches of `epoch`: contiguous streams when the state is carried,
  /// otherwise the windows in a seeded shuffle of that epoch, cut into batches of
  /// `batchSize` (the last one narrower when they do not divide evenly).
  func trainingBatches(epoch: Int) -> [[Int]] {
    let config = configuration
    if config.carryState {
      return Self.streamBatches(count: dataset.count(.train), streams: config.batchSize)
    }
    var order = Array(0..<dataset.count(.train))
    var shuffler = SeededGenerator(seed: config.seed, stream: 1, epoch)
    order.shuffleStably(using: &shuffler)
    return stride(from: 0, to: order.count, by: config.batchSize).map {
      Array(order[$0..<min(order.count, $0 + config.batchSize)])
    }
  }

  /// The validation batches, the same every epoch: contiguous streams when the state is
  /// carried, otherwise the windows in order, `batchSize` at a time.
  func validationBatches() -> [[Int]] {
    let count = dataset.count(.validation)
    let size = configuration.batchSize
    return configuration.carryState
      ? Self.streamBatches(count: count, streams: size)
      : stride(from: 0, to: count, by: size).map { Array($0..<min(count, $0 + size)) }
  }

  /// Batches for stateful training: the `count` windows are cut into `streams` contiguous
  /// runs (the first `count % streams` one window longer); batch k holds window k of every
  /// run that has one, so each column continues where the same column of batch k - 1
  /// stopped, and every window is used once. Only the last batch can be narrower, and its
  /// columns are the first ones of the batch before (see ``carriedStates(_:columns:)``).
  static func streamBatches(count: Int, streams: Int) -> [[Int]] {
    let b = min(streams, count)
    guard b > 0 else { return [] }
    let length = count / b
    let longer = count % b
    let start = { (s: Int) in s * length + min(s, longer) }
    return (0..<(length + (longer > 0 ? 1 : 0))).map { k in
      (0..<(k < length ? b : longer)).map { start($0) + k }
    }
  }

  /// The carried states for a batch of `columns` streams: the first columns of the last
  /// batch's final states (all of them but for a narrower last batch).
  static func carriedStates(_ states: [Matrix<Scalar>]?, columns: Int) -> [Matrix<Scalar>]? {
    guard let states, let first = states.first, first.columns != columns else { return states }
    return states.map { $0.columns(0..<columns) }
  }
}
