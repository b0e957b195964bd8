import LinearAlgebra
import Testing

@testable import Training

/// One or two optimizer steps on p = (1, -2), g = (0.5, -1), lr = 0.1, against the update
/// computed by hand from `torch.optim`'s documented rules.
@Suite struct OptimizerTests {
  static func run(_ optimizer: inout Optimizer<Double>, gradients: [[Double]]) -> [Double] {
    var parameters = ["p": Matrix<Double>(rows: 2, columns: 1, storage: [1, -2])]
    for g in gradients {
      optimizer.update(
        &parameters, gradients: ["p": Matrix(rows: 2, columns: 1, storage: g)], lr: 0.1)
    }
    return parameters["p"]!.storage
  }

  @Test func sgdPlainAndWithMomentum() {
    var plain = Optimizer<Double>(kind: .sgd)
    #expect(Self.run(&plain, gradients: [[0.5, -1]]) == [0.95, -1.9])
    // Momentum 0.9: b1 = g1 = (0.5, -1); b2 = 0.9 b1 + g2 with g2 = (1, 1) -> (1.45, 0.1).
    // p = (1, -2) - 0.1 (0.5, -1) - 0.1 (1.45, 0.1) = (0.805, -1.91).
    var momentum = Optimizer<Double>(kind: .sgd, momentum: 0.9)
    let p = Self.run(&momentum, gradients: [[0.5, -1], [1, 1]])
    #expect(abs(p[0] - 0.805) < 1e-15 && abs(p[1] - -1.91) < 1e-15)
  }

  @Test func adamFirstAndSecondStep() {
    // Step 1: m_hat = g, v_hat = g^2, so p -= 0.1 g / (|g| + 1e-8).
    var adam = Optimizer<Double>(kind: .adam)
    let p1 = Self.run(&adam, gradients: [[0.5, -1]])
    #expect(abs(p1[0] - (1 - 0.1 * 0.5 / (0.5 + 1e-8))) < 1e-15)
    #expect(abs(p1[1] - (-2 + 0.1 * 1 / (1 + 1e-8))) < 1e-15)
    // Step 2 with g2 = (0.25, 0) on the first coordinate:
    // m = 0.9*0.05 + 0.1*0.25 = 0.07; v = 0.999*0.00025 + 0.001*0.0625 = 0.00031225;
    // m_hat = 0.07 / 0.19, v_hat = 0.00031225 / 0.001999.
    var adam2 = Optimizer<Double>(kind: .adam)
    let p2 = Self.run(&adam2, gradients: [[0.5, -1], [0.25, 0]])
    let mHat = 0.07 / (1 - 0.81)
    let vHat = 0.00031225 / (1 - 0.998001)
    let expected = p1[0] - 0.1 * mHat / (vHat.squareRoot() + 1e-8)
    #expect(abs(p2[0] - expected) < 1e-12)
  }

  @Test func adagradAndRMSProp() {
    var adagrad = Optimizer<Double>(kind: .adagrad)
    let a = Self.run(&adagrad, gradients: [[0.5, -1]])
    #expect(abs(a[0] - (1 - 0.1 * 0.5 / (0.5 + 1e-10))) < 1e-15)
    // RMSProp: v = 0.01 g^2, step = 0.1 g / (0.1 |g| + 1e-8) ~ sign(g).
    var rms = Optimizer<Double>(kind: .rmsprop)
    let r = Self.run(&rms, gradients: [[0.5, -1]])
    #expect(abs(r[0] - (1 - 0.1 * 0.5 / (0.05 + 1e-8))) < 1e-12)
    #expect(abs(r[1] - (-2 + 0.1 * 1 / (0.1 + 1e-8))) < 1e-12)
  }

  @Test func clippingByGlobalNorm() {
    // Norm of (3, 4) and (12) is 13; clipping to 6.5 halves everything (up to the 1e-6 term).
    var g: [String: Matrix<Double>] = [
      "a": Matrix(rows: 2, columns: 1, storage: [3, 4]),
      "b": Matrix(rows: 1, columns: 1, storage: [12]),
    ]
    #expect(clipGlobalNorm(&g, maxNorm: 6.5) == 13)
    let factor = 6.5 / (13 + 1e-6)
    #expect(abs(g["a"]![0, 0] - 3 * factor) < 1e-15 && abs(g["b"]![0, 0] - 12 * factor) < 1e-15)
    var small: [String: Matrix<Double>] = ["a": Matrix(rows: 1, columns: 1, storage: [1])]
    clipGlobalNorm(&small, maxNorm: 5)
    #expect(small["a"]![0, 0] == 1)
  }

  @Test func thesisDecaySchedule() {
    #expect(LearningRateSchedule.decay.rate(0.002, epoch: 10) == 0.002)
    #expect(abs(LearningRateSchedule.decay.rate(0.002, epoch: 12) - 0.002 * 0.95 * 0.95) < 1e-18)
    #expect(LearningRateSchedule.constant.rate(0.002, epoch: 30) == 0.002)
  }
}
