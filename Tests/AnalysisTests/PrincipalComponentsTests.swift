import LinearAlgebra
import Testing

@testable import Analysis

/// PCA against the eigendecomposition of the sample covariance (LAPACK's syevd, an
/// independent path from the SVD) and a known answer.
@Suite struct PrincipalComponentsTests {
  static func samples() -> Matrix<Double> {
    var generator = SeededGenerator(seed: 3)
    let z = Matrix<Double>.randomNormal(rows: 4, columns: 60, using: &generator)
    // Anisotropic: scale the features differently and mix them.
    let mix = Matrix<Double>(rowMajor: [
      [3, 0.5, 0, 0], [0.5, 2, 0.3, 0], [0, 0.3, 1, 0.1], [0.2, 0, 0.1, 0.4],
    ])
    var x = mix * z
    for j in 0..<x.columns { x[0, j] += 5 }
    return x
  }

  @Test func matchesTheCovarianceEigendecomposition() throws {
    let x = Self.samples()
    let pca = try PrincipalComponents(fitting: x)
    let n = Double(x.columns)
    var centred = x
    for i in 0..<x.rows {
      let mean = (0..<x.columns).reduce(0) { $0 + x[i, $1] } / n
      #expect(abs(pca.mean[i] - mean) < 1e-12)
      for j in 0..<x.columns { centred[i, j] -= mean }
    }
    var covariance = centred * centred.transposed
    for i in covariance.storage.indices { covariance.storage[i] /= n - 1 }
    let (values, vectors) = try symmetricEigendecomposition(covariance)
    for c in 0..<4 {
      let e = 3 - c  // eigenvalues ascend
      #expect(abs(pca.explainedVariance[c] - values[e]) < 1e-10 * values[3])
      let dot = (0..<4).reduce(0) { $0 + pca.components[c, $1] * vectors[$1, e] }
      #expect(abs(abs(dot) - 1) < 1e-9)
    }
    // All components: transform then inverse is the identity.
    #expect((pca.inverseTransform(pca.transform(x)) - x).maxAbs < 1e-10)
  }

  /// Points on the line through (1, 2) along (1, 1): one component (1, 1)/sqrt 2 (sign:
  /// largest entry positive), variance of the positions along it, the other variance 0.
  @Test func lineHasOneComponent() throws {
    let t = [-2.0, -1, 0, 0.5, 1, 3]
    var x = Matrix<Double>(rows: 2, columns: t.count)
    for (j, s) in t.enumerated() {
      x[0, j] = 1 - s
      x[1, j] = 2 - s
    }
    let pca = try PrincipalComponents(fitting: x, count: 1)
    #expect(pca.count == 1)
    #expect(abs(pca.components[0, 0] - 0.5.squareRoot()) < 1e-12)
    #expect(abs(pca.components[0, 1] - 0.5.squareRoot()) < 1e-12)
    let mean = t.reduce(0, +) / 6
    let variance = 2 * t.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 5
    #expect(abs(pca.explainedVariance[0] - variance) < 1e-12)
    let scores = pca.transform(x)
    for (j, s) in t.enumerated() {
      #expect(abs(scores[0, j] + 2.0.squareRoot() * (s - mean)) < 1e-12)
    }
  }
}
