import Dispatch
import LinearAlgebra
import RecurrentNets

/// The loss and gradients of one training batch, computed on two threads.
extension Trainer {
  /// Loss and gradients of one training batch. The batch is always split into two halves
  /// evaluated on two threads (single-threaded BLAS each) and combined by their counts, so
  /// results do not depend on the number of cores; each half draws its own dropout stream.
  ///
  /// With halves of `n1` and `n2` predictions and mean gradients `g1`, `g2`, the batch's
  /// gradient is `(n1 g1 + n2 g2) / (n1 + n2)`; sums (loss, counts, input steps) add, and
  /// the final states are the two halves' columns side by side. A batch of one sequence is
  /// not split.
  func trainingStep<Cell: TrainableCell>(
    _ model: SequenceModel<Cell>, indices: [Int], epoch: Int, batch: Int,
    initialStates: [Matrix<Scalar>]?
  ) -> SequenceModel<Cell>.Evaluation where Cell.Scalar == Scalar {
    let cut = indices.count / 2
    let halves = indices.count > 1 ? [0..<cut, cut..<indices.count] : [0..<indices.count]
    var parts = [SequenceModel<Cell>.Evaluation?](repeating: nil, count: halves.count)
    let config = configuration
    let data = dataset
    parts.withUnsafeMutableBufferPointer { buffer in
      let slots = DisjointSlots(base: buffer.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: halves.count) { h in
        let batchData = data.batch(.train, indices: Array(indices[halves[h]]), as: Scalar.self)
        var generator = SeededGenerator(seed: config.seed, stream: 2, epoch, batch, h)
        slots.base[h] = model.evaluate(
          batchData, loss: config.loss, dropout: config.dropout, generator: &generator,
          gradients: true, initialStates: initialStates?.map { $0.columns(halves[h]) })
      }
    }
    var total = parts[0]!
    guard parts.count == 2, let second = parts[1] else { return total }
    let count = Double(total.count + second.count)
    let w1 = Scalar(Double(total.count) / count)
    let w2 = Scalar(Double(second.count) / count)
    for (name, g2) in second.gradients {
      var g = total.gradients[name]!
      for i in g.storage.indices { g.storage[i] = w1 * g.storage[i] + w2 * g2.storage[i] }
      total.gradients[name] = g
    }
    total.lossSum += second.lossSum
    total.count += second.count
    total.correct += second.correct
    total.inputSteps += second.inputSteps
    total.finalStates = zip(total.finalStates, second.finalStates).map {
      Matrix(rows: $0.rows, columns: $0.columns + $1.columns, storage: $0.storage + $1.storage)
    }
    return total
  }
}
