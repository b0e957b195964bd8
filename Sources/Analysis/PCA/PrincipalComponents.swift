import LinearAlgebra

/// Principal component analysis fitted on the columns (samples) of a `features x n` matrix.
///
/// With the centred samples as rows, `X_c = U S V^T` (LAPACK's SVD); the components are the
/// rows of `V^T`, in order of decreasing singular value, and the explained variance of
/// component c is `s_c^2 / (n - 1)` (NumPy / scikit-learn's sample variance). Each
/// component's sign is fixed so that its entry of largest magnitude is positive (the SVD's
/// sign is arbitrary; this makes fits reproducible). At most `min(n, features)` components
/// exist; asking for more keeps what exists.
public struct PrincipalComponents: Equatable, Sendable {
  /// The feature means of the fitted samples.
  public var mean: [Double]
  /// `count x features`: component c is row c.
  public var components: Matrix<Double>
  /// The variance of the fitted samples along each component.
  public var explainedVariance: [Double]

  /// Fits up to `count` components (all when nil) on the columns of `x`.
  /// - Throws: ``LinearAlgebraError`` for non-finite data.
  public init(fitting x: Matrix<Double>, count: Int? = nil) throws {
    let k = x.rows
    let n = x.columns
    precondition(k > 0 && n > 0, "PCA needs at least one sample of at least one feature")
    mean = (0..<k).map { i in (0..<n).reduce(0) { $0 + x[i, $1] } / Double(n) }
    var centred = Matrix<Double>(rows: n, columns: k)
    for j in 0..<n { for i in 0..<k { centred[j, i] = x[i, j] - mean[i] } }
    let (_, s, vt) = try singularValueDecomposition(centred)
    let kept = min(count ?? s.count, s.count)
    components = Matrix(rows: kept, columns: k)
    for c in 0..<kept {
      var largest = 0
      for i in 0..<k where abs(vt[c, i]) > abs(vt[c, largest]) { largest = i }
      let sign: Double = vt[c, largest] < 0 ? -1 : 1
      for i in 0..<k { components[c, i] = sign * vt[c, i] }
    }
    explainedVariance = (0..<kept).map { s[$0] * s[$0] / Double(max(1, n - 1)) }
  }

  public var count: Int { components.rows }

  /// The scores `components (x - mean)` of the columns of `x`: `count x n`.
  public func transform(_ x: Matrix<Double>) -> Matrix<Double> {
    precondition(x.rows == mean.count, "PCA of \(x.rows) features, fitted on \(mean.count)")
    var centred = x
    for j in 0..<x.columns { for i in 0..<x.rows { centred[i, j] -= mean[i] } }
    return components * centred
  }

  /// The points `mean + components^T scores` for scores `count x n` (or fewer rows: the
  /// first components).
  public func inverseTransform(_ scores: Matrix<Double>) -> Matrix<Double> {
    precondition(scores.rows <= count, "\(scores.rows) scores for \(count) components")
    var out = Matrix<Double>(rows: mean.count, columns: scores.columns)
    if scores.rows > 0 {
      multiply(components.rows(0..<scores.rows), scores, into: &out, transposeA: true)
    }
    for j in 0..<out.columns { for i in 0..<out.rows { out[i, j] += mean[i] } }
    return out
  }
}
