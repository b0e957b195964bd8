import LinearAlgebra
import RecurrentNets

/// The held-out measure of every epoch: loss and accuracy on the whole validation split.
extension Trainer {
  /// Mean loss and accuracy over the whole validation split, without dropout.
  ///
  /// Loss and correct predictions are pooled over every prediction of the split (not
  /// averaged per batch). Accuracy is nil for tasks that predict values rather than classes.
  func validate<Cell: TrainableCell>(_ parameters: ModelParameters<Scalar>, _: Cell.Type)
    -> (loss: Double, accuracy: Double?) where Cell.Scalar == Scalar
  {
    let model = SequenceModel<Cell>(parameters)
    var total = SequenceModel<Cell>.Evaluation()
    var generator = SeededGenerator(seed: 0)
    var carried: [Matrix<Scalar>]? = nil
    for indices in validationBatches() {
      let batch = dataset.batch(.validation, indices: indices, as: Scalar.self)
      let e = model.evaluate(
        batch, loss: configuration.loss, dropout: 0, generator: &generator, gradients: false,
        initialStates: Self.carriedStates(carried, columns: indices.count))
      if configuration.carryState { carried = e.finalStates }
      total.lossSum += e.lossSum
      total.count += e.count
      total.correct += e.correct
    }
    let classification = dataset.targetKind != .valuesPerStep
    return (
      total.meanLoss,
      classification ? Double(total.correct) / Double(max(1, total.count)) : nil
    )
  }
}
