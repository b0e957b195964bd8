/// QR steps that keep the orthonormal factor as Householder reflectors instead of forming it.
///
/// The Lyapunov estimator needs `Q_t` only to multiply it by the next Jacobian. When that
/// Jacobian is an explicit n x n matrix J, `J Q_t` is the first k columns of `J H_1 ... H_k`
/// (times the column signs that make R positive), which LAPACK's `ormqr` forms in about
/// `4 n^2 k - 2 n k^2` flops, blocked; forming Q (`orgqr`, `4 n k^2 - 4/3 k^3`) and then
/// multiplying (`2 n^2 k`) costs more once k exceeds about n / 3.
extension QRWorkspace {
  /// Factors the `rows x columns` block at `block` in place (``factorBlocked(_:tau:)``): R in its upper
  /// triangle, the reflectors below it, their scalars in `tau` (`columns` values).
  /// `rDiagonal` receives `|R_jj|` and `signs` the sign of each `R_jj` (+1 for 0), so that
  /// `Q = H_1 ... H_k diag(signs)` has a positive-diagonal R.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func factorKeepingReflectors(
    _ block: UnsafeMutablePointer<Scalar>, tau: UnsafeMutablePointer<Scalar>,
    rDiagonal: UnsafeMutablePointer<Scalar>, signs: UnsafeMutablePointer<Scalar>
  ) throws {
    let m = rows
    try factorBlocked(block, tau: tau)
    for j in 0..<columns {
      let r = block[j + j * m]
      rDiagonal[j] = abs(r)
      signs[j] = r < 0 ? -1 : 1
    }
  }

  /// Writes `J Q` to `product` (`rows x columns`, leading dimension `ldp`), where Q is the
  /// factor kept by ``factorKeepingReflectors(_:tau:rDiagonal:signs:)`` and J the
  /// `rows x rows` matrix at `jacobian`, which is overwritten by `J H_1 ... H_k`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func multiplyByKept(
    _ jacobian: UnsafeMutablePointer<Scalar>, reflectors: UnsafePointer<Scalar>,
    tau: UnsafePointer<Scalar>, signs: UnsafePointer<Scalar>,
    into product: UnsafeMutablePointer<Scalar>, ldp: Int
  ) throws {
    let m = rows
    try work.withUnsafeMutableBufferPointer { w in
      try LAPACK.check(
        Scalar.ormqrRight(
          m: m, n: m, k: columns, a: reflectors, lda: m, tau: tau, c: jacobian, ldc: m,
          work: w.baseAddress!, lwork: w.count), "ormqr")
    }
    for j in 0..<columns {
      let s = signs[j]
      let source = jacobian + j * m
      let target = product + j * ldp
      for i in 0..<m { target[i] = s * source[i] }
    }
  }

  /// Forms the kept factor `Q = H_1 ... H_k diag(signs)` into `q` (`rows x columns`) from a
  /// copy of the reflectors.
  public func formKept(
    _ reflectors: UnsafePointer<Scalar>, tau: UnsafePointer<Scalar>,
    signs: UnsafePointer<Scalar>, into q: UnsafeMutablePointer<Scalar>
  ) throws {
    let m = rows
    q.update(from: reflectors, count: m * columns)
    try work.withUnsafeMutableBufferPointer { w in
      try LAPACK.check(
        Scalar.orgqr(
          m: m, n: columns, k: columns, a: q, lda: m, tau: tau, work: w.baseAddress!,
          lwork: w.count), "orgqr")
    }
    for j in 0..<columns where signs[j] < 0 {
      let column = q + j * m
      for i in 0..<m { column[i] = -column[i] }
    }
  }
}
