/// The Moore-Penrose pseudo-inverse and an orthonormal null-space basis, through the SVD.

/// The pseudo-inverse `A^+ = V diag(1/s_i) U^T` of an `m x n` matrix (`n x m`), singular
/// values below `tolerance * s_max` treated as zero (default `max(m, n) * eps`, NumPy's
/// `pinv` rule). For a row vector `w` (1 x n) this is `w^T / |w|^2`; for a zero matrix, zero.
public func pseudoInverse<S: BLASScalar>(_ a: Matrix<S>, tolerance: S? = nil) throws -> Matrix<S> {
  var out = Matrix<S>(rows: a.columns, columns: a.rows)
  if a.rows == 0 || a.columns == 0 { return out }
  let (u, s, vt) = try singularValueDecomposition(a)
  let cut = (tolerance ?? S(Swift.max(a.rows, a.columns)) * S.ulpOfOne) * (s.first ?? 0)
  for c in s.indices where s[c] > cut && s[c] > 0 {
    let inverse = 1 / s[c]
    for j in 0..<a.rows {
      let factor = u[j, c] * inverse
      for i in 0..<a.columns { out[i, j] += vt[c, i] * factor }
    }
  }
  return out
}

/// An orthonormal basis (as columns) of the null space `{x : A x = 0}` of an `m x n` matrix,
/// `n x (n - rank)`: the eigenvectors of `A^T A` whose eigenvalues are below
/// `tolerance * lambda_max` (default `max(m, n) * eps`, relative to the largest singular
/// value squared). A zero matrix has the whole space as its null space.
public func nullSpace<S: BLASScalar>(_ a: Matrix<S>, tolerance: S? = nil) throws -> Matrix<S> {
  let n = a.columns
  var gram = Matrix<S>(rows: n, columns: n)
  multiply(a, a, into: &gram, transposeA: true)
  let (values, vectors) = try symmetricEigendecomposition(gram)
  let largest = values.last ?? 0
  let cut = (tolerance ?? S(Swift.max(a.rows, n)) * S.ulpOfOne) * largest
  let kept = values.indices.filter { largest <= 0 || values[$0] <= cut }
  return vectors.selectingColumns(kept)
}
