import CLAPACK
import RealModule

/// A floating-point type with BLAS and LAPACK entry points (Float and Double).
///
/// Algorithms in LyapunovKit are written once, generically over `BLASScalar`; each
/// conformance forwards to the `s`- or `d`-prefixed OpenBLAS / LAPACKE routine. All
/// matrices are column-major. LAPACK routines return LAPACK's `info` code; callers turn a
/// non-zero code into a thrown ``LinearAlgebraError`` through ``LAPACK/check(_:_:)``.
public protocol BLASScalar: Real, BinaryFloatingPoint, SIMDScalar, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
  /// `C = alpha * op(A) * op(B) + beta * C` (`cblas_?gemm`, column-major).
  static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Self,
    a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int, beta: Self,
    c: UnsafeMutablePointer<Self>, ldc: Int)

  /// Householder QR factorization of an m x n block (`LAPACKE_?geqrf_work`).
  static func geqrf(
    m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, tau: UnsafeMutablePointer<Self>,
    work: UnsafeMutablePointer<Self>, lwork: Int
  ) -> Int32

  /// Forms the explicit m x n orthonormal factor from `geqrf` output (`LAPACKE_?orgqr_work`).
  static func orgqr(
    m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Self>, lda: Int,
    tau: UnsafePointer<Self>, work: UnsafeMutablePointer<Self>, lwork: Int
  ) -> Int32

  /// `C <- C Q` for the m x n block C, where Q is the n x n orthogonal product of the k
  /// Householder reflectors of a `geqrf` output (`LAPACKE_?ormqr_work`, side "R", trans "N").
  static func ormqrRight(
    m: Int, n: Int, k: Int, a: UnsafePointer<Self>, lda: Int, tau: UnsafePointer<Self>,
    c: UnsafeMutablePointer<Self>, ldc: Int, work: UnsafeMutablePointer<Self>, lwork: Int
  ) -> Int32

  /// LU factorization with partial pivoting (`LAPACKE_?getrf_work`).
  static func getrf(
    m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, ipiv: UnsafeMutablePointer<Int32>
  ) -> Int32

  /// Singular value decomposition by divide and conquer (`LAPACKE_?gesdd_work`, jobz "S").
  static func gesdd(
    m: Int, n: Int, a: UnsafeMutablePointer<Self>, lda: Int, s: UnsafeMutablePointer<Self>,
    u: UnsafeMutablePointer<Self>, ldu: Int, vt: UnsafeMutablePointer<Self>, ldvt: Int,
    work: UnsafeMutablePointer<Self>, lwork: Int, iwork: UnsafeMutablePointer<Int32>
  ) -> Int32

  /// Symmetric eigendecomposition, eigenvalues ascending (`LAPACKE_?syevd_work`, jobz "V", uplo "L").
  static func syevd(
    n: Int, a: UnsafeMutablePointer<Self>, lda: Int, w: UnsafeMutablePointer<Self>,
    work: UnsafeMutablePointer<Self>, lwork: Int, iwork: UnsafeMutablePointer<Int32>,
    liwork: Int
  ) -> Int32

  /// `target[i + j ldt] += scale[i] * source[i + j lds]` for `i < rows`, `j < columns`
  /// (see ElementwiseKernels.swift).
  static func accumulateRowScaled(
    rows: Int, columns: Int, scale: UnsafePointer<Self>, source: UnsafePointer<Self>, lds: Int,
    target: UnsafeMutablePointer<Self>, ldt: Int)

  /// `tanh` of every element, in place (see VectorActivations.swift).
  static func applyTanh(_ values: UnsafeMutableBufferPointer<Self>)

  /// The logistic sigmoid `1 / (1 + e^-x)` of every element, in place.
  static func applySigmoid(_ values: UnsafeMutableBufferPointer<Self>)

  /// `y = alpha * op(A) x + beta * y` (`cblas_?gemv`, column-major; see BLASScalar+Level2.swift).
  static func gemv(
    transA: Bool, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
    x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)

  /// `y = alpha * A x + beta * y` for a symmetric A of which the lower triangle is read (`cblas_?symv`).
  static func symv(
    n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int, x: UnsafePointer<Self>, beta: Self,
    y: UnsafeMutablePointer<Self>)

  /// `A += alpha * x x^T` on the lower triangle of a symmetric A (`cblas_?syr`).
  static func syr(
    n: Int, alpha: Self, x: UnsafePointer<Self>, a: UnsafeMutablePointer<Self>, lda: Int)

  /// Eigenvalues of a general matrix, no vectors (`LAPACKE_?geev_work`, jobvl = jobvr = "N").
  static func geev(
    n: Int, a: UnsafeMutablePointer<Self>, lda: Int, wr: UnsafeMutablePointer<Self>,
    wi: UnsafeMutablePointer<Self>, work: UnsafeMutablePointer<Self>, lwork: Int
  ) -> Int32
}

extension Double: BLASScalar {
  @inlinable
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
    a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int, beta: Double,
    c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    cblas_dgemm(
      CblasColMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  @inlinable
  public static func geqrf(
    m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int,
    tau: UnsafeMutablePointer<Double>, work: UnsafeMutablePointer<Double>, lwork: Int
  ) -> Int32 {
    LAPACKE_dgeqrf_work(
      LAPACK_COL_MAJOR, Int32(m), Int32(n), a, Int32(lda), tau, work, Int32(lwork))
  }

  @inlinable
  public static func orgqr(
    m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Double>, lda: Int,
    tau: UnsafePointer<Double>, work: UnsafeMutablePointer<Double>, lwork: Int
  ) -> Int32 {
    LAPACKE_dorgqr_work(
      LAPACK_COL_MAJOR, Int32(m), Int32(n), Int32(k), a, Int32(lda), tau, work, Int32(lwork))
  }

  @inlinable
  public static func ormqrRight(
    m: Int, n: Int, k: Int, a: UnsafePointer<Double>, lda: Int, tau: UnsafePointer<Double>,
    c: UnsafeMutablePointer<Double>, ldc: Int, work: UnsafeMutablePointer<Double>, lwork: Int
  ) -> Int32 {
    LAPACKE_dormqr_work(
      LAPACK_COL_MAJOR, CChar(UInt8(ascii: "R")), CChar(UInt8(ascii: "N")), Int32(m), Int32(n),
      Int32(k), a, Int32(lda), tau, c, Int32(ldc), work, Int32(lwork))
  }

  @inlinable
  public static func getrf(
    m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int,
    ipiv: UnsafeMutablePointer<Int32>
  ) -> Int32 {
    LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, Int32(m), Int32(n), a, Int32(lda), ipiv)
  }

  @inlinable
  public static func gesdd(
    m: Int, n: Int, a: UnsafeMutablePointer<Double>, lda: Int, s: UnsafeMutablePointer<Double>,
    u: UnsafeMutablePointer<Double>, ldu: Int, vt: UnsafeMutablePointer<Double>, ldvt: Int,
    work: UnsafeMutablePointer<Double>, lwork: Int, iwork: UnsafeMutablePointer<Int32>
  ) -> Int32 {
    LAPACKE_dgesdd_work(
      LAPACK_COL_MAJOR, CChar(UInt8(ascii: "S")), Int32(m), Int32(n), a, Int32(lda), s, u,
      Int32(ldu), vt, Int32(ldvt), work, Int32(lwork), iwork)
  }

  @inlinable
  public static func syevd(
    n: Int, a: UnsafeMutablePointer<Double>, lda: Int, w: UnsafeMutablePointer<Double>,
    work: UnsafeMutablePointer<Double>, lwork: Int, iwork: UnsafeMutablePointer<Int32>,
    liwork: Int
  ) -> Int32 {
    LAPACKE_dsyevd_work(
      LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "L")), Int32(n), a,
      Int32(lda), w, work, Int32(lwork), iwork, Int32(liwork))
  }

  @inlinable
  public static func geev(
    n: Int, a: UnsafeMutablePointer<Double>, lda: Int, wr: UnsafeMutablePointer<Double>,
    wi: UnsafeMutablePointer<Double>, work: UnsafeMutablePointer<Double>, lwork: Int
  ) -> Int32 {
    LAPACKE_dgeev_work(
      LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int32(n), a,
      Int32(lda), wr, wi, nil, 1, nil, 1, work, Int32(lwork))
  }
}

extension Float: BLASScalar {
  @inlinable
  public static func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
    c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    cblas_sgemm(
      CblasColMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  @inlinable
  public static func geqrf(
    m: Int, n: Int, a: UnsafeMutablePointer<Float>, lda: Int,
    tau: UnsafeMutablePointer<Float>, work: UnsafeMutablePointer<Float>, lwork: Int
  ) -> Int32 {
    LAPACKE_sgeqrf_work(
      LAPACK_COL_MAJOR, Int32(m), Int32(n), a, Int32(lda), tau, work, Int32(lwork))
  }

  @inlinable
  public static func orgqr(
    m: Int, n: Int, k: Int, a: UnsafeMutablePointer<Float>, lda: Int,
    tau: UnsafePointer<Float>, work: UnsafeMutablePointer<Float>, lwork: Int
  ) -> Int32 {
    LAPACKE_sorgqr_work(
      LAPACK_COL_MAJOR, Int32(m), Int32(n), Int32(k), a, Int32(lda), tau, work, Int32(lwork))
  }

  @inlinable
  public static func ormqrRight(
    m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, tau: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, work: UnsafeMutablePointer<Float>, lwork: Int
  ) -> Int32 {
    LAPACKE_sormqr_work(
      LAPACK_COL_MAJOR, CChar(UInt8(ascii: "R")), CChar(UInt8(ascii: "N")), Int32(m), Int32(n),
      Int32(k), a, Int32(lda), tau, c, Int32(ldc), work, Int32(lwork))
  }

  @inlinable
  public static func getrf(
    m: Int, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, ipiv: UnsafeMutablePointer<Int32>
  ) -> Int32 {
    LAPACKE_sgetrf_work(LAPACK_COL_MAJOR, Int32(m), Int32(n), a, Int32(lda), ipiv)
  }

  @inlinable
  public static func gesdd(
    m: Int, n: Int, a: UnsafeMutablePointer<Float>, lda: Int, s: UnsafeMutablePointer<Float>,
    u: UnsafeMutablePointer<Float>, ldu: Int, vt: UnsafeMutablePointer<Float>, ldvt: Int,
    work: UnsafeMutablePointer<Float>, lwork: Int, iwork: UnsafeMutablePointer<Int32>
  ) -> Int32 {
    LAPACKE_sgesdd_work(
      LAPACK_COL_MAJOR, CChar(UInt8(ascii: "S")), Int32(m), Int32(n), a, Int32(lda), s, u,
      Int32(ldu), vt, Int32(ldvt), work, Int32(lwork), iwork)
  }

  @inlinable
  public static func syevd(
    n: Int, a: UnsafeMutablePointer<Float>, lda: Int, w: UnsafeMutablePointer<Float>,
    work: UnsafeMutablePointer<Float>, lwork: Int, iwork: UnsafeMutablePointer<Int32>,
    liwork: Int
  ) -> Int32 {
    LAPACKE_ssyevd_work(
      LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "L")), Int32(n), a,
      Int32(lda), w, work, Int32(lwork), iwork, Int32(liwork))
  }

  @inlinable
  public static func geev(
    n: Int, a: UnsafeMutablePointer<Float>, lda: Int, wr: UnsafeMutablePointer<Float>,
    wi: UnsafeMutablePointer<Float>, work: UnsafeMutablePointer<Float>, lwork: Int
  ) -> Int32 {
    LAPACKE_sgeev_work(
      LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "N")), Int32(n), a,
      Int32(lda), wr, wi, nil, 1, nil, 1, work, Int32(lwork))
  }
}
