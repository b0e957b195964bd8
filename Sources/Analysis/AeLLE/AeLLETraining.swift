import LinearAlgebra
import Training

/// Full-batch training of an ``AeLLEModel`` with Adam (PyTorch's L2 `weight_decay`), keeping
/// the state with the lowest validation prediction loss.
///
/// Each epoch takes one optimizer step on the whole training set with the weight
/// ``AlphaSchedule/alpha(epoch:of:)``. After the step the validation prediction loss is
/// measured; the state kept is the one with the lowest such loss among epochs whose alpha
/// was positive (before that the head is untrained, so its validation loss says nothing).
/// With no validation data, or no positive alpha, the final state is kept.
/// Defaults follow the thesis: Adam, learning rate 1e-3, weight decay 1e-5, 3000 epochs,
/// the ramp schedule to 1, the L1 prediction loss.
public struct AeLLETraining: Codable, Equatable, Sendable {
  public var epochs = 3000
  public var learningRate = 1e-3
  public var weightDecay = 1e-5
  public var schedule = AlphaSchedule.ramp(maximum: 1)
  /// ``LossKind/mae`` (l = 1) or ``LossKind/mse`` (l = 2).
  public var predictionNorm = LossKind.mae
  public var hidden = 256
  public var latent = 32
  public var seed: UInt64 = 0

  public init() {}

  /// What training produced.
  public struct Result: Sendable {
    public var model: AeLLEModel
    /// 1-based epoch of the kept state (0: the initial state, when no epoch ran).
    public var keptEpoch: Int
    /// Per epoch: training losses (before the step) and the validation prediction loss
    /// (after it; NaN without validation data).
    public var reconstruction: [Double]
    public var prediction: [Double]
    public var validationPrediction: [Double]
  }

  /// Trains a fresh seeded model on the columns of `x` against `t`, validating on `xv`, `tv`.
  /// - Parameter progress: called with (epochs done, epochs) after each epoch.
  /// - Throws: ``DenseTrainingError`` for bad settings or a non-finite loss.
  public func train(
    _ x: Matrix<Double>, _ t: [Double], validation xv: Matrix<Double>, _ tv: [Double],
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> Result {
    guard epochs >= 0 else { throw DenseTrainingError.badSetting("epochs", Double(epochs)) }
    guard learningRate > 0, learningRate.isFinite else {
      throw DenseTrainingError.badSetting("learning rate", learningRate)
    }
    guard weightDecay >= 0, weightDecay.isFinite else {
      throw DenseTrainingError.badSetting("weight decay", weightDecay)
    }
    guard predictionNorm != .crossEntropy else { throw DenseTrainingError.classificationLoss }
    guard x.columns == t.count, x.columns > 0, xv.columns == tv.count,
      xv.rows == x.rows || xv.columns == 0
    else {
      throw DenseTrainingError.shapeMismatch(
        inputs: [x.rows, x.columns], targets: [1, t.count], network: [x.rows, 1])
    }
    var model = AeLLEModel(inputs: x.rows, hidden: hidden, latent: latent, seed: seed)
    var optimizer = Optimizer<Double>(kind: .adam)
    optimizer.weightDecay = weightDecay
    var parameters = model.parameters
    var best = (loss: Double.infinity, epoch: 0, model: model)
    var result = Result(
      model: model, keptEpoch: 0, reconstruction: [], prediction: [], validationPrediction: [])
    for epoch in 0..<epochs {
      let alpha = schedule.alpha(epoch: epoch, of: epochs)
      let (losses, gradients) = model.lossesAndGradients(
        x, targets: t, alpha: alpha, norm: predictionNorm)
      guard losses.total(alpha: alpha).isFinite else {
        throw DenseTrainingError.nonFiniteLoss(epoch: epoch + 1)
      }
      optimizer.update(&parameters, gradients: gradients, lr: learningRate)
      model.parameters = parameters
      result.reconstruction.append(losses.reconstruction)
      result.prediction.append(losses.prediction)
      var validation = Double.nan
      if xv.columns > 0 {
        validation = AeLLEModel.predictionLoss(
          model.predict(latent: model.encode(xv)), tv, predictionNorm)
        if alpha > 0, validation < best.loss { best = (validation, epoch + 1, model) }
      }
      result.validationPrediction.append(validation)
      progress?(epoch + 1, epochs)
    }
    if best.epoch > 0 {
      result.model = best.model
      result.keptEpoch = best.epoch
    } else {
      result.model = model
      result.keptEpoch = epochs
    }
    return result
  }
}
