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
  /// What parameters, activations and gradients are held in: Double (the default) or Float,
  /// about twice as fast; the kept model is returned in Double either way.
  public var precision = Precision.double

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

  /// Trains a fresh seeded model on the columns of `x` against `t`, validating on `xv`, `tv`,
  /// in ``precision``.
  /// - Parameter progress: called with (epochs done, epochs) after each epoch.
  /// - Throws: ``DenseTrainingError`` for bad settings or a non-finite loss.
  public func train(
    _ x: Matrix<Double>, _ t: [Double], validation xv: Matrix<Double>, _ tv: [Double],
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> Result {
    switch precision {
    case .double: try train(x, t, validation: xv, tv, in: Double.self, progress: progress)
    case .float: try train(x, t, validation: xv, tv, in: Float.self, progress: progress)
    }
  }

  /// ``train(_:_:validation:_:progress:)`` with parameters, activations and gradients held in
  /// `S` (Float halves memory traffic and runs the vectorized tanh; Adam's arithmetic is
  /// Double either way). The model returned is in Double.
  public func train<S: BLASScalar>(
    _ x: Matrix<Double>, _ t: [Double], validation xv: Matrix<Double>, _ tv: [Double],
    in scalar: S.Type, progress: ((Int, Int) -> Void)? = nil
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
    // The workspace runs two workers of single-threaded GEMMs.
    let blasThreads = BLASThreads.count
    BLASThreads.count = 1
    defer { BLASThreads.count = blasThreads }
    var model = AeLLEModel(inputs: x.rows, hidden: hidden, latent: latent, seed: seed)
    let work = AeLLEWorkspace<S>(model: model, x: x, t, validation: xv, tv)
    var best = (loss: Double.infinity, epoch: 0, parameters: [S](repeating: 0, count: work.count))
    var result = Result(
      model: model, keptEpoch: 0, reconstruction: [], prediction: [], validationPrediction: [])
    result.reconstruction.reserveCapacity(epochs)
    result.prediction.reserveCapacity(epochs)
    result.validationPrediction.reserveCapacity(epochs)
    // Epoch e's validation loss is measured by the forward pass that starts epoch e + 1
    // (the same parameters), or by one more forward pass after the last epoch.
    func validate(_ epoch: Int) {
      let validation = work.validationLoss(norm: predictionNorm)
      let alpha = schedule.alpha(epoch: epoch, of: epochs)
      if alpha > 0, validation < best.loss {
        best.loss = validation
        best.epoch = epoch + 1
        best.parameters.withUnsafeMutableBufferPointer {
          $0.baseAddress!.update(from: work.theta, count: work.count)
        }
      }
      result.validationPrediction.append(validation)
      progress?(epoch + 1, epochs)
    }
    for epoch in 0..<epochs {
      work.forwardEncoder()
      if epoch > 0 { validate(epoch - 1) }
      let alpha = schedule.alpha(epoch: epoch, of: epochs)
      let losses = work.lossesAndGradient(alpha: alpha, norm: predictionNorm)
      guard losses.total(alpha: alpha).isFinite else {
        throw DenseTrainingError.nonFiniteLoss(epoch: epoch + 1)
      }
      work.adam(lr: learningRate, weightDecay: weightDecay)
      result.reconstruction.append(losses.reconstruction)
      result.prediction.append(losses.prediction)
    }
    if epochs > 0 {
      work.forwardEncoder()
      validate(epochs - 1)
    }
    if best.epoch > 0 {
      best.parameters.withUnsafeBufferPointer { work.write($0.baseAddress!, into: &model) }
      result.model = model
      result.keptEpoch = best.epoch
    } else {
      work.write(work.theta, into: &model)
      result.model = model
      result.keptEpoch = epochs
    }
    return result
  }
}
