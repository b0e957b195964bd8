import LinearAlgebra
import RecurrentNets
import Testing

/// The deferred sums of ``ParameterGradients`` against per-step sums formed directly.
@Suite struct ParameterGradientsTests {
  static func oneHot(_ classes: [Int], size: Int) -> Matrix<Double> {
    var m = Matrix<Double>(rows: size, columns: classes.count)
    for (j, k) in classes.enumerated() { m[k, j] = 1 }
    return m
  }

  /// Also with tiny flush sizes, so that products are summed early every step, every two
  /// or every three steps (with a remainder left for ``ParameterGradients/totals()``).
  @Test(arguments: [32 << 20, 200, 300])
  func totalsEqualTheSumOfStepProducts(flushBytes: Int) {
    var g = SeededGenerator(seed: 11)
    var gradients = ParameterGradients<Double>(expectedSteps: 5, flushBytes: flushBytes)
    var expected = Matrix<Double>(rows: 4, columns: 3)
    var expectedSkew = Matrix<Double>(rows: 3, columns: 3)
    var expectedBias = Matrix<Double>(rows: 4, columns: 1)
    for step in 0..<5 {
      let a = Matrix<Double>.randomNormal(rows: 4, columns: 2, using: &g)
      // Steps alternate dense and one-hot right factors (the two code paths).
      let b =
        step.isMultiple(of: 2)
        ? Matrix<Double>.randomNormal(rows: 3, columns: 2, using: &g)
        : Self.oneHot([step % 3, 0], size: 3)
      gradients.accumulateProduct("w", a, b)
      gradients.accumulateRowSums("bias", of: a)
      let h = Matrix<Double>.randomNormal(rows: 3, columns: 2, using: &g)
      let d = Matrix<Double>.randomNormal(rows: 3, columns: 2, using: &g)
      gradients.accumulateProduct("skew", d, h, plusTransposed: -0.5)
      for i in 0..<4 {
        for j in 0..<2 { expectedBias[i, 0] += a[i, j] }
        for k in 0..<3 { for j in 0..<2 { expected[i, k] += a[i, j] * b[k, j] } }
      }
      for i in 0..<3 {
        for k in 0..<3 {
          for j in 0..<2 { expectedSkew[i, k] += d[i, j] * h[k, j] - 0.5 * h[i, j] * d[k, j] }
        }
      }
    }
    let totals = gradients.totals()
    #expect(Set(totals.keys) == ["w", "bias", "skew"])
    for (name, want) in [("w", expected), ("bias", expectedBias), ("skew", expectedSkew)] {
      let got = totals[name]!
      #expect(got.rows == want.rows && got.columns == want.columns)
      #expect(zip(got.storage, want.storage).allSatisfy { abs($0 - $1) < 1e-12 })
    }
  }
}
