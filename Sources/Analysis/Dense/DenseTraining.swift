import LinearAlgebra
import Training

/// Seeded mini-batch or full-batch training of a ``DenseNetwork`` with Training's
/// ``Optimizer`` (Adam, SGD, ... with PyTorch's L2 `weight_decay`).
///
/// Each epoch shuffles the samples with a generator seeded by `(seed, epoch)` and takes one
/// optimizer step per batch of `batchSize` samples (the last batch may be smaller); a nil
/// `batchSize` takes one step on all samples per epoch, in their given order.
public struct DenseTraining: Codable, Equatable, Sendable {
  public var epochs: Int
  public var batchSize: Int?
  public var optimizer: OptimizerKind
  public var learningRate: Double
  public var weightDecay: Double
  public var loss: LossKind
  public var seed: UInt64

  public init(
    epochs: Int, batchSize: Int? = nil, optimizer: OptimizerKind = .adam,
    learningRate: Double = 1e-3, weightDecay: Double = 0, loss: LossKind = .mse, seed: UInt64 = 0
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.optimizer = optimizer
    self.learningRate = learningRate
    self.weightDecay = weightDecay
    self.loss = loss
    self.seed = seed
  }

  /// Trains `network` on the columns of `inputs` (`inputs x n`) and `targets`
  /// (`outputs x n`).
  /// - Returns: the mean training loss of each epoch (averaged over its batches, weighted
  ///   by batch size, before each step's update).
  /// - Throws: ``DenseTrainingError`` for bad settings, mismatched shapes or a non-finite
  ///   loss (naming the epoch).
  @discardableResult
  public func train(
    _ network: inout DenseNetwork, inputs: Matrix<Double>, targets: Matrix<Double>
  ) throws -> [Double] {
    let n = inputs.columns
    guard epochs >= 0 else { throw DenseTrainingError.badSetting("epochs", Double(epochs)) }
    guard learningRate > 0, learningRate.isFinite else {
      throw DenseTrainingError.badSetting("learning rate", learningRate)
    }
    guard weightDecay >= 0, weightDecay.isFinite else {
      throw DenseTrainingError.badSetting("weight decay", weightDecay)
    }
    if let b = batchSize, b < 1 { throw DenseTrainingError.badSetting("batch size", Double(b)) }
    guard loss != .crossEntropy else { throw DenseTrainingError.classificationLoss }
    guard inputs.rows == network.inputs, targets.rows == network.outputs,
      targets.columns == n, n > 0
    else {
      throw DenseTrainingError.shapeMismatch(
        inputs: [inputs.rows, n], targets: [targets.rows, targets.columns],
        network: [network.inputs, network.outputs])
    }
    var optimizer = Optimizer<Double>(kind: optimizer)
    optimizer.weightDecay = weightDecay
    var parameters = network.parameters
    var history: [Double] = []
    let size = min(batchSize ?? n, n)
    for epoch in 0..<epochs {
      var order = Array(0..<n)
      if batchSize != nil {
        var generator = SeededGenerator(seed: seed, stream: epoch)
        order.shuffleStably(using: &generator)
      }
      var total = 0.0
      for start in stride(from: 0, to: n, by: size) {
        let batch = Array(order[start..<min(start + size, n)])
        let x = batch.count == n && batchSize == nil ? inputs : inputs.selectingColumns(batch)
        let t = batch.count == n && batchSize == nil ? targets : targets.selectingColumns(batch)
        let (value, gradients) = network.lossAndGradients(x, targets: t, kind: loss)
        guard value.isFinite else { throw DenseTrainingError.nonFiniteLoss(epoch: epoch + 1) }
        total += value * Double(batch.count)
        optimizer.update(&parameters, gradients: gradients, lr: learningRate)
        network.parameters = parameters
      }
      history.append(total / Double(n))
    }
    return history
  }
}

/// Why ``DenseTraining/train(_:inputs:targets:)`` refused or stopped.
public enum DenseTrainingError: Error, CustomStringConvertible, Equatable {
  case badSetting(String, Double)
  case classificationLoss
  case shapeMismatch(inputs: [Int], targets: [Int], network: [Int])
  case nonFiniteLoss(epoch: Int)

  public var description: String {
    switch self {
    case .badSetting(let name, let value):
      "\(name) \(value) is out of range (epochs >= 0, batch size >= 1, learning rate > 0, "
        + "weight decay >= 0)"
    case .classificationLoss:
      "dense networks train on a regression loss (mse or mae), not cross-entropy"
    case .shapeMismatch(let inputs, let targets, let network):
      "inputs \(inputs[0]) x \(inputs[1]) and targets \(targets[0]) x \(targets[1]) do not fit "
        + "a network of \(network[0]) inputs and \(network[1]) outputs (samples are columns; "
        + "there must be at least one)"
    case .nonFiniteLoss(let epoch):
      "the training loss became non-finite in epoch \(epoch); lower the learning rate"
    }
  }
}
