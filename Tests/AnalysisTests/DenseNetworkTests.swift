import LinearAlgebra
import TestSupport
import Testing
import Training

@testable import Analysis

/// Dense-network gradients against central finite differences, and training against
/// regressions with a known answer.
@Suite struct DenseNetworkTests {
  static func data(rows: Int, columns: Int, seed: UInt64) -> Matrix<Double> {
    var generator = SeededGenerator(seed: seed)
    return Matrix.randomNormal(rows: rows, columns: columns, using: &generator)
  }

  /// All parameters as one vector, in a fixed name order, and back.
  static func flatten(_ p: [String: Matrix<Double>]) -> [Double] {
    p.keys.sorted().flatMap { p[$0]!.storage }
  }
  static func unflatten(_ v: [Double], like p: [String: Matrix<Double>]) -> [String: Matrix<Double>]
  {
    var out = p
    var offset = 0
    for name in p.keys.sorted() {
      let m = p[name]!
      out[name] = Matrix(
        rows: m.rows, columns: m.columns, storage: Array(v[offset..<(offset + m.storage.count)]))
      offset += m.storage.count
    }
    return out
  }

  @Test(arguments: [DenseActivation.tanh, .relu, .leakyReLU, .sigmoid])
  func gradientsMatchFiniteDifferences(_ hidden: DenseActivation) {
    for kind in [LossKind.mse, .mae] {
      let network = DenseNetwork(sizes: [3, 5, 4, 2], hidden: hidden, output: .tanh, seed: 7)
      let x = Self.data(rows: 3, columns: 6, seed: 1)
      let t = Self.data(rows: 2, columns: 6, seed: 2)
      let (_, gradients) = network.lossAndGradients(x, targets: t, kind: kind)
      let p0 = network.parameters
      let numeric = FiniteDifferences.jacobian(at: Self.flatten(p0)) { v in
        var n = network
        n.parameters = Self.unflatten(v, like: p0)
        return [n.loss(x, targets: t, kind: kind)]
      }
      let analytic = Matrix<Double>(
        rows: 1, columns: numeric.columns, storage: Self.flatten(gradients))
      #expect(Set(gradients.keys) == Set(p0.keys))
      #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-6, "\(hidden) \(kind)")
    }
  }

  /// Full-batch SGD on `y = A x + b` (MSE) reaches A and b: the loss is quadratic with
  /// Hessian near the identity for standard normal inputs, so lr 0.5 converges linearly.
  @Test func fullBatchRecoversLinearMap() throws {
    let a = Matrix<Double>(rowMajor: [[1.5, -2, 0.5], [0.25, 1, -1]])
    let b = [0.3, -0.7]
    let x = Self.data(rows: 3, columns: 200, seed: 3)
    var y = a * x
    for j in 0..<200 { for i in 0..<2 { y[i, j] += b[i] } }
    var network = DenseNetwork(sizes: [3, 2], hidden: .identity, seed: 4)
    let history = try DenseTraining(epochs: 400, optimizer: .sgd, learningRate: 0.5)
      .train(&network, inputs: x, targets: y)
    #expect(history.last! < 1e-20)
    #expect((network.layers[0].weight - a).maxAbs < 1e-9)
    #expect(abs(network.layers[0].bias.storage[0] - b[0]) < 1e-9)
    #expect(abs(network.layers[0].bias.storage[1] - b[1]) < 1e-9)
  }

  /// With weight decay wd, full-batch SGD converges to the ridge solution of the mean loss
  /// `|Θ X~ - Y|^2 / (m n) + wd |Θ|^2 / 2` (bias decayed too, as PyTorch does):
  /// `Θ = Y X~^T (X~ X~^T + (wd m n / 2) I)^-1` with `X~ = [X; 1]`.
  @Test func weightDecayReachesRidgeSolution() throws {
    let n = 50
    let x = Self.data(rows: 2, columns: n, seed: 5)
    var y = Matrix<Double>(rows: 1, columns: n)
    for j in 0..<n { y[0, j] = 2 * x[0, j] - x[1, j] + 1 + 0.1 * Double(j % 3) }
    let wd = 0.2
    var network = DenseNetwork(sizes: [2, 1], hidden: .identity, seed: 6)
    try DenseTraining(epochs: 2000, optimizer: .sgd, learningRate: 0.2, weightDecay: wd)
      .train(&network, inputs: x, targets: y)
    // Normal equations, 3 x 3, solved by Gaussian elimination.
    var g = [[Double]](repeating: [0, 0, 0, 0], count: 3)
    for j in 0..<n {
      let row = [x[0, j], x[1, j], 1.0]
      for r in 0..<3 {
        for c in 0..<3 { g[r][c] += row[r] * row[c] }
        g[r][3] += row[r] * y[0, j]
      }
    }
    for r in 0..<3 { g[r][r] += wd * Double(n) / 2 }
    for p in 0..<3 {
      for r in (p + 1)..<3 {
        let f = g[r][p] / g[p][p]
        for c in p..<4 { g[r][c] -= f * g[p][c] }
      }
    }
    var theta = [0.0, 0, 0]
    for r in stride(from: 2, through: 0, by: -1) {
      theta[r] = (g[r][3] - (r + 1..<3).reduce(0) { $0 + g[r][$1] * theta[$1] }) / g[r][r]
    }
    let w = network.layers[0].weight.storage + network.layers[0].bias.storage
    for i in 0..<3 { #expect(abs(w[i] - theta[i]) < 1e-9) }
  }

  /// Mini-batch Adam on a nonlinear regression cuts the loss, and is reproducible by seed.
  @Test func miniBatchAdamLearnsAndIsSeeded() throws {
    let x = Self.data(rows: 2, columns: 256, seed: 8)
    var y = Matrix<Double>(rows: 1, columns: 256)
    for j in 0..<256 { y[0, j] = (x[0, j] * x[1, j]).clamped() }
    let training = DenseTraining(
      epochs: 150, batchSize: 32, optimizer: .adam, learningRate: 1e-2, seed: 9)
    var network = DenseNetwork(sizes: [2, 32, 1], hidden: .tanh, seed: 10)
    let before = network.loss(x, targets: y, kind: .mse)
    let history = try training.train(&network, inputs: x, targets: y)
    let after = network.loss(x, targets: y, kind: .mse)
    #expect(after < 0.1 * before, "loss \(before) -> \(after)")
    #expect(history.count == 150)
    var again = DenseNetwork(sizes: [2, 32, 1], hidden: .tanh, seed: 10)
    try training.train(&again, inputs: x, targets: y)
    #expect(again == network)
  }

  @Test func badSettingsAreErrors() {
    var network = DenseNetwork(sizes: [2, 1], hidden: .identity, seed: 0)
    let x = Self.data(rows: 3, columns: 4, seed: 0)
    let y = Self.data(rows: 1, columns: 4, seed: 0)
    #expect(throws: DenseTrainingError.self) {
      try DenseTraining(epochs: 1).train(&network, inputs: x, targets: y)
    }
    #expect(throws: DenseTrainingError.badSetting("learning rate", -1)) {
      try DenseTraining(epochs: 1, learningRate: -1).train(&network, inputs: x, targets: y)
    }
  }
}

extension Double {
  /// Clamped to [-1, 1], a bounded regression target.
  fileprivate func clamped() -> Double { Swift.max(-1, Swift.min(1, self)) }
}
