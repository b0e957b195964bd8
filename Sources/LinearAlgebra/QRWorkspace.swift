/// Householder QR of `m x k` blocks (`m >= k`) with a positive-diagonal R, reusing one
/// workspace across calls.
///
/// The Lyapunov estimator re-orthonormalizes thousands of tangent blocks of the same shape;
/// the LAPACK workspace sizes are queried once in `init` and the buffers allocated once.
/// A workspace is not thread-safe: give each thread its own.
public final class QRWorkspace<Scalar: BLASScalar> {
  /// Rows of the blocks this workspace factors.
  public let rows: Int
  /// Columns of the blocks this workspace factors.
  public let columns: Int
  var tau: [Scalar]
  var work: [Scalar]
  /// T and `larfb`'s workspace for ``factorBlocked(_:tau:)``.
  var blockedWork: [Scalar]

  /// Prepares a workspace for `rows x columns` blocks.
  /// - Throws: ``LinearAlgebraError`` if LAPACK's workspace query fails.
  public init(rows: Int, columns: Int) throws {
    precondition(rows >= columns && columns >= 1, "QR needs rows >= columns >= 1")
    self.rows = rows
    self.columns = columns
    tau = Array(repeating: 0, count: columns)
    var query = [Scalar](repeating: 0, count: 1)
    var probe = [Scalar](repeating: 0, count: rows * columns)
    var tauProbe = tau
    try LAPACK.check(
      Scalar.geqrf(
        m: rows, n: columns, a: &probe, lda: rows, tau: &tauProbe, work: &query, lwork: -1),
      "geqrf")
    var size = LAPACK.workspaceSize(query[0])
    try LAPACK.check(
      Scalar.orgqr(
        m: rows, n: columns, k: columns, a: &probe, lda: rows, tau: tauProbe, work: &query,
        lwork: -1), "orgqr")
    size = max(size, LAPACK.workspaceSize(query[0]))
    // Applying the reflectors to a rows x rows block from the right (QRWorkspace+Reflectors).
    var square = [Scalar](repeating: 0, count: rows * rows)
    try LAPACK.check(
      Scalar.ormqrRight(
        m: rows, n: rows, k: columns, a: probe, lda: rows, tau: tauProbe, c: &square,
        ldc: rows, work: &query, lwork: -1), "ormqr")
    size = max(size, LAPACK.workspaceSize(query[0]))
    work = Array(repeating: 0, count: size)
    blockedWork = Array(repeating: 0, count: Self.blockedWorkSize(columns: columns))
  }

  /// Replaces the block at `block` (leading dimension `rows`) by its orthonormal factor Q
  /// and writes the diagonal of R, made positive by flipping column signs of Q, to
  /// `rDiagonal`.
  ///
  /// - Returns: normally; the diagonal may contain zeros if the block is rank deficient.
  /// - Complexity: about `4 m k^2 - 4/3 k^3` flops (factor, blocked, and form Q).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func orthonormalize(
    _ block: UnsafeMutablePointer<Scalar>, rDiagonal: UnsafeMutablePointer<Scalar>
  ) throws {
    let m = rows
    let k = columns
    try tau.withUnsafeMutableBufferPointer { tauBuffer in
      try work.withUnsafeMutableBufferPointer { workBuffer in
        let t = tauBuffer.baseAddress!
        let w = workBuffer.baseAddress!
        try factorBlocked(block, tau: t)
        for j in 0..<k { rDiagonal[j] = block[j + j * m] }
        try LAPACK.check(
          Scalar.orgqr(
            m: m, n: k, k: k, a: block, lda: m, tau: t, work: w, lwork: workBuffer.count),
          "orgqr")
      }
    }
    for j in 0..<k where rDiagonal[j] < 0 {
      rDiagonal[j] = -rDiagonal[j]
      let column = block + j * m
      for i in 0..<m { column[i] = -column[i] }
    }
  }

  /// The thin factorization `A = Q R` of an `m x k` matrix, Q with orthonormal columns and R
  /// upper triangular with a non-negative diagonal.
  public func factor(_ a: Matrix<Scalar>) throws -> (q: Matrix<Scalar>, r: Matrix<Scalar>) {
    precondition(a.rows == rows && a.columns == columns, "block shape does not match the workspace")
    var q = a
    var rFactor = Matrix<Scalar>(rows: columns, columns: columns)
    var diag = [Scalar](repeating: 0, count: columns)
    // R = Q^T A recovers the full triangle after Q is formed and signs are fixed.
    try q.storage.withUnsafeMutableBufferPointer { buffer in
      try orthonormalize(buffer.baseAddress!, rDiagonal: &diag)
    }
    multiply(q, a, into: &rFactor, transposeA: true)
    for j in 0..<columns {
      for i in (j + 1)..<columns where i > j { rFactor[i, j] = 0 }
      rFactor[j, j] = diag[j]
    }
    return (q, rFactor)
  }
}
