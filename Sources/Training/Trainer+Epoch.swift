import Foundation
import LinearAlgebra
import RecurrentNets

/// One epoch: its batches (a step of the optimizer each), then its end (validation, the
/// spectrum when due, the metrics line and the checkpoint files).
extension Trainer {
  /// Trains one epoch at learning rate `lr`, reporting progress after every batch, and
  /// returns its training loss.
  ///
  /// The loss is pooled over every prediction of the epoch, as validation's is: a narrower
  /// last batch weighs by its size, not as much as a full one. With a carried state each
  /// batch starts from the final states of the one before (zero for the first).
  ///
  /// - Throws: ``TrainingError/interrupted(epoch:lastCheckpoint:)`` when `shouldStop` turns
  ///   true, ``TrainingError/nonFiniteLoss(epoch:batch:lastCheckpoint:)`` on a batch whose
  ///   loss is NaN or infinite (before its update).
  func trainEpoch<Cell: TrainableCell>(
    _ epoch: Int, lr: Double, start: Date, _: Cell.Type, _ state: inout State, _ hooks: Hooks,
    _ shouldStop: () -> Bool
  ) throws -> Double where Cell.Scalar == Scalar {
    let config = configuration
    let batches = trainingBatches(epoch: epoch)
    var carried: [Matrix<Scalar>]? = nil
    var total = SequenceModel<Cell>.Evaluation()
    var sequences = 0
    for (index, indices) in batches.enumerated() {
      if shouldStop() {
        throw TrainingError.interrupted(epoch: epoch, lastCheckpoint: epoch - 1)
      }
      var evaluation = trainingStep(
        SequenceModel<Cell>(state.parameters), indices: indices, epoch: epoch, batch: index,
        initialStates: Self.carriedStates(carried, columns: indices.count))
      if config.carryState { carried = evaluation.finalStates }
      guard evaluation.meanLoss.isFinite else {
        throw TrainingError.nonFiniteLoss(epoch: epoch, batch: index, lastCheckpoint: epoch - 1)
      }
      if let clip = config.clip { clipGlobalNorm(&evaluation.gradients, maxNorm: clip) }
      state.optimizer.update(&state.parameters.values, gradients: evaluation.gradients, lr: lr)
      total.lossSum += evaluation.lossSum
      total.count += evaluation.count
      total.inputSteps += evaluation.inputSteps
      sequences += indices.count
      let elapsed = max(1e-9, Date().timeIntervalSince(start))
      hooks.progress?(
        TrainingProgress(
          epoch: epoch, batch: index + 1, batches: batches.count, loss: total.meanLoss,
          stepsPerSecond: Double(total.inputSteps) / elapsed,
          sequencesPerSecond: Double(sequences) / elapsed))
    }
    return total.meanLoss
  }

  /// Validation, spectrum, metrics line and checkpoints at the end of `epoch`; then
  /// `epochFinished` is called with the epoch's metrics.
  ///
  /// - Throws: ``TrainingError/nonFiniteValidationLoss(epoch:lastCheckpoint:)`` when the
  ///   validation loss is NaN or infinite: nothing of a diverged epoch is written, so the
  ///   folder keeps the last good one.
  func finishEpoch<Cell: TrainableCell>(
    _ epoch: Int, trainLoss: Double?, seconds: Double, lr: Double, _: Cell.Type,
    _ state: inout State, _ hooks: Hooks
  ) throws where Cell.Scalar == Scalar {
    let (validationLoss, accuracy) = validate(state.parameters, Cell.self)
    guard validationLoss.isFinite else {
      throw TrainingError.nonFiniteValidationLoss(
        epoch: epoch, lastCheckpoint: state.metrics.last?.epoch)
    }
    let (statistics, spectrumError) = try recordSpectrum(epoch, &state)
    state.metrics.append(
      EpochMetrics(
        epoch: epoch, trainLoss: trainLoss, validationLoss: validationLoss,
        validationAccuracy: accuracy, seconds: seconds, learningRate: lr, spectrum: statistics,
        spectrumError: spectrumError))
    try writeEpochFiles(epoch, state)
    if let finished = state.metrics.last { hooks.epochFinished?(finished) }
  }
}
