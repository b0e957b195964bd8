import LinearAlgebra
import RealModule

/// Ridge regression `y ~ w^T x + c` minimizing `sum (y - w^T x - c)^2 + penalty |w|^2`
/// (intercept not penalized), solved through the SVD of the centred features:
/// with `X_c = U S V^T` (samples as rows), `w = V diag(s / (s^2 + penalty)) U^T (y - mean y)`
/// and `c = mean y - w^T mean x`. Samples are the columns of a `features x n` matrix.
public struct RidgeRegression: Codable, Equatable, Sendable {
  public var weights: [Double]
  public var intercept: Double
  public var penalty: Double

  /// Fits on the columns of `x` against `y`.
  public init(fitting x: Matrix<Double>, _ y: [Double], penalty: Double) throws {
    self = try Self.fit(x, y, penalties: [penalty])[0]
  }

  /// One fit per penalty, sharing one SVD.
  static func fit(_ x: Matrix<Double>, _ y: [Double], penalties: [Double]) throws
    -> [RidgeRegression]
  {
    let k = x.rows
    let n = x.columns
    precondition(y.count == n && n > 0, "ridge regression needs one target per sample")
    let xMean = (0..<k).map { i in (0..<n).reduce(0) { $0 + x[i, $1] } / Double(n) }
    let yMean = y.reduce(0, +) / Double(n)
    // Samples as rows, centred.
    var centred = Matrix<Double>(rows: n, columns: k)
    for j in 0..<n { for i in 0..<k { centred[j, i] = x[i, j] - xMean[i] } }
    let (u, s, vt) = try singularValueDecomposition(centred)
    let uty = (0..<s.count).map { c in (0..<n).reduce(0) { $0 + u[$1, c] * (y[$1] - yMean) } }
    return penalties.map { penalty in
      var w = [Double](repeating: 0, count: k)
      for c in 0..<s.count where s[c] > 0 {
        let factor = s[c] / (s[c] * s[c] + penalty) * uty[c]
        for i in 0..<k { w[i] += vt[c, i] * factor }
      }
      let intercept = yMean - zip(w, xMean).reduce(0) { $0 + $1.0 * $1.1 }
      return RidgeRegression(weights: w, intercept: intercept, penalty: penalty)
    }
  }

  private init(weights: [Double], intercept: Double, penalty: Double) {
    self.weights = weights
    self.intercept = intercept
    self.penalty = penalty
  }

  /// The penalty with the lowest mean squared error over `folds` seeded folds of the
  /// columns of `x` (ties to the larger penalty), refitted on all of them.
  public static func crossValidated(
    _ x: Matrix<Double>, _ y: [Double],
    penalties: [Double] = (-4...4).map { Double.pow(10, Double($0)) }, folds: Int = 5,
    seed: UInt64 = 0
  ) throws -> RidgeRegression {
    let n = x.columns
    let f = max(2, min(folds, n))
    var order = Array(0..<n)
    var generator = SeededGenerator(seed: seed)
    order.shuffleStably(using: &generator)
    var errors = [Double](repeating: 0, count: penalties.count)
    for fold in 0..<f {
      let held = order.indices.filter { $0 % f == fold }.map { order[$0] }
      let heldSet = Set(held)
      let train = order.filter { !heldSet.contains($0) }
      guard !train.isEmpty, !held.isEmpty else { continue }
      let models = try fit(
        x.selectingColumns(train), train.map { y[$0] }, penalties: penalties)
      let xHeld = x.selectingColumns(held)
      for (p, model) in models.enumerated() {
        let predicted = model.predict(xHeld)
        errors[p] += zip(predicted, held.map { y[$0] }).reduce(0) {
          $0 + ($1.0 - $1.1) * ($1.0 - $1.1)
        }
      }
    }
    var best = 0
    for p in penalties.indices where errors[p] <= errors[best] { best = p }
    return try RidgeRegression(fitting: x, y, penalty: penalties[best])
  }

  /// `w^T x + c` for every column of `x`.
  public func predict(_ x: Matrix<Double>) -> [Double] {
    precondition(
      x.rows == weights.count, "predicting from \(x.rows) features, fitted on \(weights.count)")
    return (0..<x.columns).map { j in
      (0..<x.rows).reduce(intercept) { $0 + weights[$1] * x[$1, j] }
    }
  }
}
