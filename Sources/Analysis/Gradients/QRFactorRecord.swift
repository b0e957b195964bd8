import LinearAlgebra
import RealModule

/// Which Jacobian the QR recursion multiplies by.
public enum JacobianOrientation: String, Codable, Sendable {
  /// `J_t Q_{t-1} = Q_t R_t`: the forward product `J_t ... J_1` (LyapunovKit's estimator).
  case forward
  /// `J_t^T Q_{t-1} = Q_t R_t`: the product `J_t^T ... J_1^T` (the authors' PyTorch code).
  case transposed
}

/// Every Q and R factor of the QR recursion over recorded Jacobians (thesis eq. 4.11-4.14),
/// QR at every step, no warmup, `Q_{-1}` the first k columns of I.
///
/// The chapter's identity: with the forward orientation and k = n, `Q_s` is square and
/// orthogonal, so `J_t ... J_{s+1} = Q_t R_t ... R_{s+1} Q_s^T` and the BPTT state gradient
/// `dL_t/ds_s = (J_t ... J_{s+1})^T dL_t/ds_t = Q_s R_{s+1}^T ... R_t^T Q_t^T dL_t/ds_t`
/// (``reconstructedStateGradient(_:from:to:)``). With the transposed orientation the same
/// formula yields `J_{s+1} ... J_t dL_t/ds_t`, which is the BPTT gradient only when the
/// Jacobians commute (the tests pin both).
public struct QRFactorRecord: Sendable {
  /// `Q_t` after step t, `n x k`.
  public var q: [Matrix<Double>]
  /// `R_t` of step t, `k x k` upper triangular with a non-negative diagonal.
  public var r: [Matrix<Double>]
  public let orientation: JacobianOrientation

  /// Runs the recursion over `jacobians` (each `n x n`, step order), keeping k columns.
  /// - Throws: ``GradientStudyError/invalidValue(name:value:hint:)`` for k outside `1...n`
  ///   or non-square Jacobians; ``GradientStudyError/nonFinite(what:sequence:step:)`` when a
  ///   product is not finite; LAPACK errors from the factorization.
  public init(jacobians: [Matrix<Double>], columns k: Int, orientation: JacobianOrientation)
    throws
  {
    let n = jacobians.first?.rows ?? 0
    guard jacobians.allSatisfy({ $0.rows == n && $0.columns == n }), n > 0 else {
      throw GradientStudyError.invalidValue(
        name: "Jacobians", value: "\(jacobians.count)", hint: "need square n x n matrices")
    }
    guard k >= 1 && k <= n else {
      throw GradientStudyError.invalidValue(
        name: "QR columns", value: "\(k)", hint: "need 1...\(n) (the state dimension)")
    }
    self.orientation = orientation
    let workspace = try QRWorkspace<Double>(rows: n, columns: k)
    var frame = Matrix<Double>.identity(n).columns(0..<k)
    q = []
    r = []
    q.reserveCapacity(jacobians.count)
    r.reserveCapacity(jacobians.count)
    for (t, j) in jacobians.enumerated() {
      var product = Matrix<Double>(rows: n, columns: k)
      multiply(j, frame, into: &product, transposeA: orientation == .transposed)
      guard product.firstNonFiniteColumn() == nil else {
        throw GradientStudyError.nonFinite(what: "the tangent frame", sequence: 0, step: t)
      }
      let (qt, rt) = try workspace.factor(product)
      q.append(qt)
      r.append(rt)
      frame = qt
    }
  }

  /// `log R_t[i][i]` (`-inf` for a collapsed direction).
  public func logR(step t: Int, index i: Int) -> Double { Double.log(r[t][i, i]) }

  /// `Q_s R_{s+1}^T ... R_t^T Q_t^T g`: the state gradient at step s rebuilt from the factors
  /// and `g = dL_t / ds_t`.
  /// - Precondition: k = n and `0 <= s <= t < steps`.
  public func reconstructedStateGradient(_ g: [Double], from t: Int, to s: Int) -> [Double] {
    precondition(s <= t && q[t].columns == q[t].rows, "needs s <= t and a square frame")
    var v = q[t].transposedTimes(Matrix(rows: g.count, columns: 1, storage: g))
    for u in stride(from: t, to: s, by: -1) { v = r[u].transposedTimes(v) }
    return (q[s] * v).storage
  }
}
