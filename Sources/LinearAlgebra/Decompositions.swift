/// Dense decompositions through LAPACK: log-determinant, SVD, symmetric and general
/// eigenvalues. Each allocates its own workspace (these are analysis calls, not hot loops).

/// `log|det A|` and the sign of `det A` for a square matrix, through LU with partial pivoting.
///
/// - Throws: ``LinearAlgebraError/singular(routine:pivot:)`` for an exactly singular matrix,
///   ``LinearAlgebraError/nonFinite(routine:)`` for NaN or infinite entries.
public func logAbsDeterminant<S: BLASScalar>(_ a: Matrix<S>) throws -> (logAbs: S, sign: S) {
  precondition(a.rows == a.columns, "determinant needs a square matrix")
  let n = a.rows
  if n == 0 { return (0, 1) }
  guard a.storage.allSatisfy({ $0.isFinite }) else {
    throw LinearAlgebraError.nonFinite(routine: "getrf")
  }
  var lu = a.storage
  var pivots = [Int32](repeating: 0, count: n)
  let info = S.getrf(m: n, n: n, a: &lu, lda: n, ipiv: &pivots)
  if info > 0 { throw LinearAlgebraError.singular(routine: "getrf", pivot: Int(info)) }
  try LAPACK.check(info, "getrf")
  var logAbs: S = 0
  var sign: S = 1
  for i in 0..<n {
    let d = lu[i + i * n]
    logAbs += S.log(abs(d))
    if d < 0 { sign = -sign }
    if pivots[i] != Int32(i + 1) { sign = -sign }
  }
  return (logAbs, sign)
}

/// The thin singular value decomposition `A = U diag(s) V^T`, singular values descending.
///
/// For an `m x n` matrix with `p = min(m, n)`: U is `m x p`, s has p values, `vt` is `p x n`.
public func singularValueDecomposition<S: BLASScalar>(_ a: Matrix<S>) throws -> (
  u: Matrix<S>, s: [S], vt: Matrix<S>
) {
  let m = a.rows
  let n = a.columns
  let p = min(m, n)
  guard a.storage.allSatisfy({ $0.isFinite }) else {
    throw LinearAlgebraError.nonFinite(routine: "gesdd")
  }
  var work = a.storage
  var s = [S](repeating: 0, count: p)
  var u = Matrix<S>(rows: m, columns: p)
  var vt = Matrix<S>(rows: p, columns: n)
  var iwork = [Int32](repeating: 0, count: max(1, 8 * p))
  var query = [S](repeating: 0, count: 1)
  try LAPACK.check(
    S.gesdd(
      m: m, n: n, a: &work, lda: max(1, m), s: &s, u: &u.storage, ldu: max(1, m),
      vt: &vt.storage, ldvt: max(1, p), work: &query, lwork: -1, iwork: &iwork), "gesdd")
  var buffer = [S](repeating: 0, count: LAPACK.workspaceSize(query[0]))
  try LAPACK.check(
    S.gesdd(
      m: m, n: n, a: &work, lda: max(1, m), s: &s, u: &u.storage, ldu: max(1, m),
      vt: &vt.storage, ldvt: max(1, p), work: &buffer, lwork: buffer.count, iwork: &iwork),
    "gesdd")
  return (u, s, vt)
}

/// Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix.
/// Only the lower triangle of `a` is read.
public func symmetricEigendecomposition<S: BLASScalar>(_ a: Matrix<S>) throws -> (
  values: [S], vectors: Matrix<S>
) {
  precondition(a.rows == a.columns, "eigendecomposition needs a square matrix")
  let n = a.rows
  guard a.storage.allSatisfy({ $0.isFinite }) else {
    throw LinearAlgebraError.nonFinite(routine: "syevd")
  }
  var vectors = a
  var values = [S](repeating: 0, count: n)
  var query = [S](repeating: 0, count: 1)
  var iquery = [Int32](repeating: 0, count: 1)
  try LAPACK.check(
    S.syevd(
      n: n, a: &vectors.storage, lda: max(1, n), w: &values, work: &query, lwork: -1,
      iwork: &iquery, liwork: -1), "syevd")
  var work = [S](repeating: 0, count: LAPACK.workspaceSize(query[0]))
  var iwork = [Int32](repeating: 0, count: max(1, Int(iquery[0])))
  try LAPACK.check(
    S.syevd(
      n: n, a: &vectors.storage, lda: max(1, n), w: &values, work: &work, lwork: work.count,
      iwork: &iwork, liwork: iwork.count), "syevd")
  return (values, vectors)
}

/// Eigenvalues of a general square matrix as (real, imaginary) pairs, in LAPACK's order.
public func eigenvalues<S: BLASScalar>(_ a: Matrix<S>) throws -> [(real: S, imaginary: S)] {
  precondition(a.rows == a.columns, "eigenvalues need a square matrix")
  let n = a.rows
  guard a.storage.allSatisfy({ $0.isFinite }) else {
    throw LinearAlgebraError.nonFinite(routine: "geev")
  }
  var copy = a.storage
  var wr = [S](repeating: 0, count: n)
  var wi = [S](repeating: 0, count: n)
  var query = [S](repeating: 0, count: 1)
  try LAPACK.check(
    S.geev(n: n, a: &copy, lda: max(1, n), wr: &wr, wi: &wi, work: &query, lwork: -1), "geev")
  var work = [S](repeating: 0, count: LAPACK.workspaceSize(query[0]))
  try LAPACK.check(
    S.geev(n: n, a: &copy, lda: max(1, n), wr: &wr, wi: &wi, work: &work, lwork: work.count),
    "geev")
  return (0..<n).map { (wr[$0], wi[$0]) }
}
