import LinearAlgebra

/// Recursive least squares for a linear readout `z = w r` with D outputs sharing one
/// regressor r (the FORCE rule of Sussillo & Abbott 2009).
///
/// With `P_0 = I / alpha` and prior errors `e = w r - f` (readout before the update), one
/// update is
///
///     k = P r,   c = 1 / (1 + r^T k),   P <- P - c k k^T,   w_d <- w_d - c e_d k
///
/// so that after m updates `P_m = (alpha I + sum_i r_i r_i^T)^-1` and, when the regressors do
/// not depend on w, `w_m` is the ridge solution `P_m sum_i r_i f_i` (exactly, up to rounding).
/// P is symmetric and only its lower triangle is stored and updated (`symv`, `syr`): O(N^2)
/// per update, no allocation.
public struct RecursiveLeastSquares<Scalar: BLASScalar>: Sendable {
  /// The number of regressors N.
  public let size: Int
  /// P, of which only the lower triangle is kept current.
  var lowerP: Matrix<Scalar>
  /// `k = P r` of the last update.
  var gain: [Scalar]

  /// `P_0 = I / alpha`.
  /// - Precondition: `size >= 1`, `alpha > 0` (checked by the caller's configuration).
  public init(size: Int, regularization alpha: Scalar) {
    precondition(size >= 1 && alpha > 0, "RLS needs a positive size and regularization")
    self.size = size
    lowerP = Matrix(rows: size, columns: size)
    for i in 0..<size { lowerP[i, i] = 1 / alpha }
    gain = Array(repeating: 0, count: size)
  }

  /// The full symmetric inverse correlation matrix P (a copy, for tests and analysis).
  public var inverseCorrelation: Matrix<Scalar> {
    var p = lowerP
    for j in 0..<size {
      for i in 0..<j { p[i, j] = p[j, i] }
    }
    return p
  }

  /// One update of P and of the readout `w` (`D x N`, column-major) from regressor `r`
  /// (N values) and prior errors `e` (D values, `w r - f` before this update).
  public mutating func update(
    readout w: inout Matrix<Scalar>, regressor r: UnsafePointer<Scalar>,
    error e: UnsafePointer<Scalar>
  ) {
    precondition(w.columns == size, "the readout must have one column per regressor")
    let d = w.rows
    w.storage.withUnsafeMutableBufferPointer {
      update(readout: $0.baseAddress!, outputs: d, regressor: r, error: e)
    }
  }

  /// ``update(readout:regressor:error:)`` on a readout given by its storage (`D x N`,
  /// column-major), for loops that hold the readout's buffer.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public mutating func update(
    readout w: UnsafeMutablePointer<Scalar>, outputs d: Int, regressor r: UnsafePointer<Scalar>,
    error e: UnsafePointer<Scalar>
  ) {
    let n = size
    lowerP.storage.withUnsafeMutableBufferPointer { pBuffer in
      gain.withUnsafeMutableBufferPointer { kBuffer in
        let p = pBuffer.baseAddress!
        let k = kBuffer.baseAddress!
        Scalar.symv(n: n, alpha: 1, a: p, lda: n, x: r, beta: 0, y: k)
        var rk: Scalar = 0
        for i in 0..<n { rk += r[i] * k[i] }
        let c = 1 / (1 + rk)
        Scalar.syr(n: n, alpha: -c, x: k, a: p, lda: n)
        for o in 0..<d {
          let scale = c * e[o]
          for i in 0..<n { w[o + i * d] -= scale * k[i] }
        }
      }
    }
  }
}
