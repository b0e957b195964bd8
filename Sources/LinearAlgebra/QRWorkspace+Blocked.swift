/// Householder QR blocked at every size.
///
/// LAPACK's `geqrf` factors blocks of fewer than 128 columns unblocked (its crossover), one
/// reflector at a time with matrix-vector products and rank-one updates; at the 64-128
/// columns of a recurrent network's tangent space that was most of a spectrum's QR time.
/// Here panels of ``panelWidth`` columns are factored unblocked (`geqr2`) and each panel's
/// reflectors are applied to the columns right of it at once, as `I - V T V^T` (`larft`,
/// `larfb`: matrix-matrix products). The reflectors and R are LAPACK's `geqrf` output
/// format, equal to it up to rounding.
extension QRWorkspace {
  /// Columns per panel (LAPACK's own block size for `geqrf`): with 24 or 32 the LSTM
  /// spectrum at 64-128 units measured fastest among 8, 16, 24, 32, 48 and unblocked, and a
  /// recursive split of the columns was slower than both.
  static var panelWidth: Int { 32 }

  /// Values ``factorBlocked(_:tau:)`` needs besides `tau`: a panel's T (`nb x nb`), then
  /// `larfb`'s `columns x nb` (which also serves `geqr2`'s `nb`).
  static func blockedWorkSize(columns: Int) -> Int {
    panelWidth * panelWidth + max(columns, 1) * panelWidth
  }

  /// Factors the `rows x columns` block at `block` (leading dimension `rows`) in place in
  /// `geqrf`'s format: R in the upper triangle, the reflectors below it, their scalars in
  /// `tau`.
  func factorBlocked(_ block: UnsafeMutablePointer<Scalar>, tau: UnsafeMutablePointer<Scalar>)
    throws
  {
    try blockedWork.withUnsafeMutableBufferPointer { buffer in
      let (m, n, nb) = (rows, columns, Self.panelWidth)
      let t = buffer.baseAddress!
      let w = t + nb * nb
      var i = 0
      while i < n {
        let ib = min(nb, n - i)
        let panel = block + i + i * m
        try LAPACK.check(
          Scalar.geqr2(m: m - i, n: ib, a: panel, lda: m, tau: tau + i, work: w), "geqr2")
        if i + ib < n {
          try LAPACK.check(
            Scalar.larft(n: m - i, k: ib, v: panel, ldv: m, tau: tau + i, t: t, ldt: nb), "larft")
          try LAPACK.check(
            Scalar.larfbLeftTransposed(
              m: m - i, n: n - i - ib, k: ib, v: panel, ldv: m, t: t, ldt: nb,
              c: panel + ib * m, ldc: m, work: w), "larfb")
        }
        i += ib
      }
    }
  }
}
