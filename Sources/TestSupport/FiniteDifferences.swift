import LinearAlgebra

/// Central finite differences, the independent reference for analytic Jacobians.
public enum FiniteDifferences {
  /// The Jacobian `d f / d x` at `x` by central differences with step `h`:
  /// column j is `(f(x + h e_j) - f(x - h e_j)) / (2h)`.
  public static func jacobian(
    at x: [Double], step h: Double = 1e-6, _ f: ([Double]) throws -> [Double]
  ) rethrows -> Matrix<Double> {
    let m = try f(x).count
    var jac = Matrix<Double>(rows: m, columns: x.count)
    for j in x.indices {
      var plus = x
      var minus = x
      plus[j] += h
      minus[j] -= h
      let fp = try f(plus)
      let fm = try f(minus)
      for i in 0..<m { jac[i, j] = (fp[i] - fm[i]) / (2 * h) }
    }
    return jac
  }

  /// `max|A - B| / max(max|B|, tiny)`: the relative error used across tests.
  public static func relativeError(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
    (a - b).maxAbs / max(b.maxAbs, 1e-300)
  }
}
