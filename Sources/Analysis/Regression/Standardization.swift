import LinearAlgebra

/// Per-feature standardization `(x - mean) / std` with statistics fitted on training data
/// only (population standard deviation; a constant feature gets std 1, so it maps to 0).
/// Samples are the columns of a `features x n` matrix.
public struct Standardization: Codable, Equatable, Sendable {
  public var means: [Double]
  public var deviations: [Double]

  /// Fits the statistics on the columns of `x`.
  public init(fitting x: Matrix<Double>) {
    let n = Double(max(1, x.columns))
    means = (0..<x.rows).map { i in (0..<x.columns).reduce(0) { $0 + x[i, $1] } / n }
    deviations = [Double](repeating: 1, count: x.rows)
    for i in 0..<x.rows {
      let mean = means[i]
      let variance = (0..<x.columns).reduce(0) { $0 + (x[i, $1] - mean) * (x[i, $1] - mean) } / n
      deviations[i] = variance > 0 ? variance.squareRoot() : 1
    }
  }

  /// `x` standardized with the fitted statistics.
  public func apply(_ x: Matrix<Double>) -> Matrix<Double> {
    precondition(x.rows == means.count, "standardizing \(x.rows) features with \(means.count)")
    var out = x
    for j in 0..<x.columns {
      for i in 0..<x.rows { out[i, j] = (x[i, j] - means[i]) / deviations[i] }
    }
    return out
  }
}
