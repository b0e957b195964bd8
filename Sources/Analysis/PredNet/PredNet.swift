import LinearAlgebra
import Training

/// PredNet (thesis ch. 3.1): an MLP from a Lyapunov spectrum to the network's loss,
/// scored on held-out networks beside the training-mean predictor and ridge regression on
/// the same features.
///
/// Protocol: the networks are split once at random (seeded) into a training part and a
/// `testFraction` test part. Everything is fitted on the training part only: the
/// per-exponent standardization of the spectra, the loss's mean and standard deviation
/// (the MLP learns the standardized loss; predictions are mapped back), the MLP, the ridge
/// penalty (cross-validated on the training part) and the mean predictor.
/// Defaults follow the thesis: one hidden layer of 50 leaky-ReLU units, MSE, Adam with
/// learning rate 1e-4; epochs and batch size are ours (the thesis does not give them).
public struct PredNet: Codable, Equatable, Sendable {
  public var hidden: [Int] = [50]
  public var activation: DenseActivation = .leakyReLU
  public var epochs = 500
  public var batchSize: Int? = 32
  public var learningRate = 1e-4
  public var weightDecay = 0.0
  public var testFraction = 0.2
  public var seed: UInt64 = 0

  public init() {}

  /// Held-out scores of the three predictors.
  public struct Report: Codable, Equatable, Sendable {
    public var prednet: RegressionScores
    public var meanPredictor: RegressionScores
    public var ridge: RegressionScores
    /// The cross-validated ridge penalty (on standardized spectra).
    public var ridgePenalty: Double
    /// Indices (into the given spectra) of the training and test networks.
    public var trainIndices: [Int]
    public var testIndices: [Int]
    /// The MLP's mean training loss (standardized units) per epoch.
    public var trainingLoss: [Double]
    /// Held-out predictions of the MLP, in the order of ``testIndices``.
    public var testPredictions: [Double]
  }

  /// Trains and scores on `spectra` (all of one length) and their `losses`.
  /// - Throws: ``PredNetError`` when there are too few networks for both parts or the
  ///   spectra differ in length; ``DenseTrainingError`` if training diverges.
  public func evaluate(spectra: [[Double]], losses: [Double]) throws -> Report {
    let n = spectra.count
    guard n == losses.count else {
      throw PredNetError.countMismatch(spectra: n, losses: losses.count)
    }
    guard testFraction > 0, testFraction < 1 else {
      throw PredNetError.badTestFraction(testFraction)
    }
    let testCount = Int((Double(n) * testFraction).rounded())
    guard testCount >= 1, n - testCount >= 2 else { throw PredNetError.tooFewNetworks(n) }
    let k = spectra.first?.count ?? 0
    guard k > 0, spectra.allSatisfy({ $0.count == k }) else { throw PredNetError.unequalLengths }
    var order = Array(0..<n)
    var generator = SeededGenerator(seed: seed)
    order.shuffleStably(using: &generator)
    let test = Array(order[0..<testCount]).sorted()
    let train = Array(order[testCount...]).sorted()
    let x = Matrix<Double>(rows: k, columns: n, storage: Array(spectra.joined()))
    let xTrainRaw = x.selectingColumns(train)
    let scaling = Standardization(fitting: xTrainRaw)
    let xTrain = scaling.apply(xTrainRaw)
    let xTest = scaling.apply(x.selectingColumns(test))
    let yTrain = train.map { losses[$0] }
    let yTest = test.map { losses[$0] }
    let lossScaling = Standardization(
      fitting: Matrix(rows: 1, columns: yTrain.count, storage: yTrain))
    let (mu, sigma) = (lossScaling.means[0], lossScaling.deviations[0])

    var network = DenseNetwork(sizes: [k] + hidden + [1], hidden: activation, seed: seed &+ 1)
    let training = DenseTraining(
      epochs: epochs, batchSize: batchSize, optimizer: .adam, learningRate: learningRate,
      weightDecay: weightDecay, loss: .mse, seed: seed &+ 2)
    let history = try training.train(
      &network, inputs: xTrain,
      targets: Matrix(rows: 1, columns: yTrain.count, storage: yTrain.map { ($0 - mu) / sigma }))
    let predicted = network(xTest).storage.map { $0 * sigma + mu }
    let ridge = try RidgeRegression.crossValidated(xTrain, yTrain, seed: seed &+ 3)
    return Report(
      prednet: RegressionScores(predictions: predicted, targets: yTest),
      meanPredictor: RegressionScores(
        predictions: [Double](repeating: mu, count: yTest.count), targets: yTest),
      ridge: RegressionScores(predictions: ridge.predict(xTest), targets: yTest),
      ridgePenalty: ridge.penalty, trainIndices: train, testIndices: test,
      trainingLoss: history, testPredictions: predicted)
  }
}

/// Why PredNet could not be evaluated.
public enum PredNetError: Error, CustomStringConvertible, Equatable {
  case countMismatch(spectra: Int, losses: Int)
  case badTestFraction(Double)
  case tooFewNetworks(Int)
  case unequalLengths

  public var description: String {
    switch self {
    case .countMismatch(let spectra, let losses):
      "\(spectra) spectra but \(losses) losses: one loss per network"
    case .badTestFraction(let f):
      "test fraction \(f) must lie strictly between 0 and 1"
    case .tooFewNetworks(let n):
      "\(n) networks are too few to hold out a test part and train on at least 2"
    case .unequalLengths:
      "the spectra differ in length (or are empty): resample them to one length first"
    }
  }
}
