import LinearAlgebra
import Testing

@testable import Analysis

/// Ridge regression and the scores against hand-computed values; PredNet on a synthetic
/// population whose loss is a known function of the spectrum, and its held-out protocol.
@Suite struct PredNetTests {
  @Test func ridgeOneFeatureByHand() throws {
    // Centred: sxy = 9.5, sxx = 5; w = sxy / (sxx + penalty), c = mean y - w mean x.
    let x = Matrix<Double>(rows: 1, columns: 4, storage: [1, 2, 3, 4])
    let y = [2.0, 4, 5, 8]
    let model = try RidgeRegression(fitting: x, y, penalty: 1)
    #expect(abs(model.weights[0] - 9.5 / 6) < 1e-14)
    #expect(abs(model.intercept - (4.75 - 9.5 / 6 * 2.5)) < 1e-13)
    let ols = try RidgeRegression(fitting: x, y, penalty: 0)
    #expect(abs(ols.weights[0] - 1.9) < 1e-14)
  }

  @Test func scoresByHand() {
    let s = RegressionScores(predictions: [1, 2, 4], targets: [1, 3, 2])
    // |errors| = 0, 1, 2; residual 0 + 1 + 4 = 5; total about mean 2: 1 + 1 + 0 = 2.
    #expect(abs(s.meanAbsoluteError - 1) < 1e-15)
    #expect(abs(s.r2! - (1 - 5.0 / 2)) < 1e-15)
    #expect(RegressionScores(predictions: [2, 2, 2], targets: [1, 3, 2]).r2 == 0)
    #expect(RegressionScores(predictions: [1, 2], targets: [3, 3]).r2 == nil)
  }

  /// Spectra `base + a v + small noise` with loss `2 a + small noise`: the loss is a linear
  /// function of the spectrum, so ridge and PredNet explain most held-out variance and the
  /// mean predictor none.
  static func population(n: Int, seed: UInt64) -> (spectra: [[Double]], losses: [Double]) {
    var generator = SeededGenerator(seed: seed)
    let k = 16
    let base = (0..<k).map { -0.1 * Double($0) }
    let direction = (0..<k).map { Double.cos(Double($0)) }
    var spectra: [[Double]] = []
    var losses: [Double] = []
    for _ in 0..<n {
      let a = generator.nextNormal()
      spectra.append((0..<k).map { base[$0] + a * direction[$0] + 0.05 * generator.nextNormal() })
      losses.append(2 * a + 1 + 0.05 * generator.nextNormal())
    }
    return (spectra, losses)
  }

  @Test func predictsAKnownRelation() throws {
    let (spectra, losses) = Self.population(n: 200, seed: 1)
    var prednet = PredNet()
    prednet.epochs = 200
    prednet.learningRate = 1e-3
    let report = try prednet.evaluate(spectra: spectra, losses: losses)
    #expect(report.testIndices.count == 40 && report.trainIndices.count == 160)
    #expect(report.ridge.r2! > 0.95, "ridge R^2 \(report.ridge.r2!)")
    #expect(report.prednet.r2! > 0.9, "PredNet R^2 \(report.prednet.r2!)")
    #expect(report.meanPredictor.r2! <= 0)
    #expect(report.prednet.meanAbsoluteError < 0.5 * report.meanPredictor.meanAbsoluteError)
    #expect(report.trainingLoss.last! < 0.2 * report.trainingLoss.first!)
  }

  /// The test part never reaches a fitted model: changing the test networks' losses leaves
  /// every held-out prediction and the chosen ridge penalty unchanged.
  @Test func heldOutLossesAreNeverUsed() throws {
    let (spectra, losses) = Self.population(n: 60, seed: 2)
    var prednet = PredNet()
    prednet.epochs = 20
    let first = try prednet.evaluate(spectra: spectra, losses: losses)
    #expect(Set(first.trainIndices).isDisjoint(with: first.testIndices))
    #expect(Set(first.trainIndices + first.testIndices) == Set(0..<60))
    var altered = losses
    for i in first.testIndices { altered[i] = 100 + Double(i) }
    let second = try prednet.evaluate(spectra: spectra, losses: altered)
    #expect(second.testIndices == first.testIndices)
    #expect(second.testPredictions == first.testPredictions)
    #expect(second.ridgePenalty == first.ridgePenalty)
    #expect(second.trainingLoss == first.trainingLoss)
  }

  @Test func badInputsAreErrors() {
    #expect(throws: PredNetError.tooFewNetworks(2)) {
      try PredNet().evaluate(spectra: [[1], [2]], losses: [1, 2])
    }
    #expect(throws: PredNetError.unequalLengths) {
      try PredNet().evaluate(spectra: [[1], [2, 3], [1], [1], [1]], losses: [1, 2, 3, 4, 5])
    }
    #expect(throws: PredNetError.countMismatch(spectra: 1, losses: 2)) {
      try PredNet().evaluate(spectra: [[1]], losses: [1, 2])
    }
  }
}
