import CLAPACK

/// Matrix-vector BLAS (level 2) for ``BLASScalar``: the O(n^2) products of recursive least
/// squares and of single-trajectory network steps, where a GEMM with one column would pay
/// its packing overhead on every call.

extension Double {
  @inlinable
  public static func gemv(
    transA: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
    x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
  ) {
    cblas_dgemv(
      CblasColMajor, transA ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a,
      Int32(lda), x, 1, beta, y, 1)
  }

  @inlinable
  public static func symv(
    n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int, x: UnsafePointer<Double>,
    beta: Double, y: UnsafeMutablePointer<Double>
  ) {
    cblas_dsymv(CblasColMajor, CblasLower, Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
  }

  @inlinable
  public static func syr(
    n: Int, alpha: Double, x: UnsafePointer<Double>, a: UnsafeMutablePointer<Double>, lda: Int
  ) {
    cblas_dsyr(CblasColMajor, CblasLower, Int32(n), alpha, x, 1, a, Int32(lda))
  }
}

extension Float {
  @inlinable
  public static func gemv(
    transA: Bool, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
    x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
  ) {
    cblas_sgemv(
      CblasColMajor, transA ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), alpha, a,
      Int32(lda), x, 1, beta, y, 1)
  }

  @inlinable
  public static func symv(
    n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>,
    beta: Float, y: UnsafeMutablePointer<Float>
  ) {
    cblas_ssymv(CblasColMajor, CblasLower, Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
  }

  @inlinable
  public static func syr(
    n: Int, alpha: Float, x: UnsafePointer<Float>, a: UnsafeMutablePointer<Float>, lda: Int
  ) {
    cblas_ssyr(CblasColMajor, CblasLower, Int32(n), alpha, x, 1, a, Int32(lda))
  }
}
