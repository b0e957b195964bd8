import CLAPACK

/// LAPACK's building blocks of a blocked Householder QR (column-major, forward direction,
/// reflectors stored column-wise as `geqrf` stores them), for ``QRWorkspace``'s own blocking.
extension BLASScalar {
  /// Unblocked QR of an `m x n` panel (`LAPACKE_?geqr2_work`; `work` holds `n` values).
  @inlinable
  public static func geqr2(
    m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, tau: UnsafeMutablePointer<Self>,
    work: UnsafeMutablePointer<Self>
  ) -> Int32 {
    if Self.self == Double.self {
      return LAPACKE_dgeqr2_work(
        LAPACK_COL_MAJOR, Int32(m), Int32(n), rebound(a), Int32(lda), rebound(tau),
        rebound(work))
    }
    return LAPACKE_sgeqr2_work(
      LAPACK_COL_MAJOR, Int32(m), Int32(n), rebound(a), Int32(lda), rebound(tau), rebound(work))
  }

  /// The `k x k` upper-triangular T with `H_1 ... H_k = I - V T V^T` for the `k` reflectors
  /// of length `n` in `v` (`LAPACKE_?larft_work`, direct "F", storev "C").
  @inlinable
  public static func larft(
    n: Int, k: Int, v: UnsafePointer<Self>, ldv: Int, tau: UnsafePointer<Self>,
    t: UnsafeMutablePointer<Self>, ldt: Int
  ) -> Int32 {
    let (f, c) = (CChar(UInt8(ascii: "F")), CChar(UInt8(ascii: "C")))
    if Self.self == Double.self {
      return LAPACKE_dlarft_work(
        LAPACK_COL_MAJOR, f, c, Int32(n), Int32(k), rebound(v), Int32(ldv), rebound(tau),
        rebound(t), Int32(ldt))
    }
    return LAPACKE_slarft_work(
      LAPACK_COL_MAJOR, f, c, Int32(n), Int32(k), rebound(v), Int32(ldv), rebound(tau),
      rebound(t), Int32(ldt))
  }

  /// `C <- (I - V T V^T)^T C` for the `m x n` block C (`LAPACKE_?larfb_work`, side "L",
  /// trans "T", direct "F", storev "C"); `work` holds `n x k` values, leading dimension n.
  @inlinable
  public static func larfbLeftTransposed(
    m: Int, n: Int, k: Int, v: UnsafePointer<Self>, ldv: Int, t: UnsafePointer<Self>,
    ldt: Int, c: UnsafeMutablePointer<Self>, ldc: Int, work: UnsafeMutablePointer<Self>
  ) -> Int32 {
    let (l, tr) = (CChar(UInt8(ascii: "L")), CChar(UInt8(ascii: "T")))
    let (f, col) = (CChar(UInt8(ascii: "F")), CChar(UInt8(ascii: "C")))
    if Self.self == Double.self {
      return LAPACKE_dlarfb_work(
        LAPACK_COL_MAJOR, l, tr, f, col, Int32(m), Int32(n), Int32(k), rebound(v), Int32(ldv),
        rebound(t), Int32(ldt), rebound(c), Int32(ldc), rebound(work), Int32(n))
    }
    return LAPACKE_slarfb_work(
      LAPACK_COL_MAJOR, l, tr, f, col, Int32(m), Int32(n), Int32(k), rebound(v), Int32(ldv),
      rebound(t), Int32(ldt), rebound(c), Int32(ldc), rebound(work), Int32(n))
  }
}
