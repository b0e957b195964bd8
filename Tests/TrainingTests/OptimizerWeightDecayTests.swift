import LinearAlgebra
import Testing

@testable import Training

/// PyTorch's `weight_decay`: each rule sees `g + wd * p` (p before the step). Expected values
/// are written out by hand from `torch.optim`'s documented update rules.
@Suite struct OptimizerWeightDecayTests {
  static func run(_ optimizer: inout Optimizer<Double>, gradients: [[Double]]) -> [Double] {
    var parameters = ["p": Matrix<Double>(rows: 2, columns: 1, storage: [1, -2])]
    for g in gradients {
      optimizer.update(
        &parameters, gradients: ["p": Matrix(rows: 2, columns: 1, storage: g)], lr: 0.1)
    }
    return parameters["p"]!.storage
  }

  @Test func sgdStep() {
    // g' = (0.5, -1) + 0.1 (1, -2) = (0.6, -1.2); p = (1, -2) - 0.1 g' = (0.94, -1.88).
    var sgd = Optimizer<Double>(kind: .sgd)
    sgd.weightDecay = 0.1
    let p = Self.run(&sgd, gradients: [[0.5, -1]])
    #expect(abs(p[0] - 0.94) < 1e-15 && abs(p[1] - -1.88) < 1e-15)
  }

  @Test func adamTwoSteps() {
    var adam = Optimizer<Double>(kind: .adam)
    adam.weightDecay = 0.1
    let p = Self.run(&adam, gradients: [[0.5, -1], [0.25, 0]])
    // Step 1: g1' = (0.6, -1.2), m_hat = g1', v_hat = g1'^2.
    let p1 = [1 - 0.1 * 0.6 / (0.6 + 1e-8), -2 + 0.1 * 1.2 / (1.2 + 1e-8)]
    // Step 2: g2' = (0.25 + 0.1 p1[0], 0 + 0.1 p1[1]).
    let g1 = [0.6, -1.2]
    let g2 = [0.25 + 0.1 * p1[0], 0.1 * p1[1]]
    for i in 0..<2 {
      let m = 0.9 * (0.1 * g1[i]) + 0.1 * g2[i]
      let v = 0.999 * (0.001 * g1[i] * g1[i]) + 0.001 * g2[i] * g2[i]
      let expected = p1[i] - 0.1 * (m / 0.19) / ((v / (1 - 0.998001)).squareRoot() + 1e-8)
      #expect(abs(p[i] - expected) < 1e-14)
    }
    // Without decay the second coordinate would not move in step 2 (g2 = 0 there, yet m != 0);
    // with it, the step differs from the undecayed one.
    var plain = Optimizer<Double>(kind: .adam)
    let q = Self.run(&plain, gradients: [[0.5, -1], [0.25, 0]])
    #expect(abs(q[1] - p[1]) > 1e-4)
  }
}
