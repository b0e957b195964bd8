import Analysis
import LinearAlgebra
import RealModule
import Testing

/// Alignment statistics and participation ratios on matrices with known answers.
@Suite struct GradientAlignmentTests {
  /// Rank one: thesis P = 1, normalized 1/N; equal values: thesis 1/N, normalized 1.
  @Test func participationRatios() {
    let one = ParticipationRatio(singularValues: [3, 0, 0, 0])
    #expect(one.thesis == 1)
    #expect(one.normalized == 0.25)
    let flat = ParticipationRatio(singularValues: [2, 2, 2, 2])
    #expect(flat.thesis == 0.25)
    #expect(flat.normalized == 1)
    // s = (3, 1): sum 4, squares 10.
    let two = ParticipationRatio(singularValues: [3, 1])
    #expect(abs(two.thesis - 10.0 / 16) < 1e-15)
    #expect(abs(two.normalized - 16.0 / 10 / 2) < 1e-15)
    #expect(ParticipationRatio(singularValues: [0, 0]).thesis.isNaN)
  }

  /// A frame equal to the left singular vectors gives `A = I` up to signs: the first Q vector
  /// has cosines (±1, 0, 0, 0, 0) with the first five, sample std sqrt(0.2); the last ten Q
  /// vectors see the last five singular vectors with one ±1 (five of them) or none (the
  /// other five): std sqrt(0.2) or 0, mean sqrt(0.2)/2.
  @Test func frameOfSingularVectors() throws {
    let n = 20
    var g = SeededGenerator(seed: 5)
    let m = Matrix<Double>.randomNormal(rows: n, columns: n, using: &g)
    let svd = try singularValueDecomposition(m)
    var alignment = GradientAlignment(hiddenSize: n, side: .left, seed: 1)
    try alignment.add(gradient: m, frame: svd.u, step: 0)
    let summary = try #require(alignment.steps.first)
    let s = 0.2.squareRoot()
    // First ten Q vectors against the first five singular vectors: five of ten have a 1.
    #expect(abs(summary.firstFiveSingular.firstTenQ - s / 2) < 1e-12)
    #expect(abs(summary.lastFiveSingular.lastTenQ - s / 2) < 1e-12)
    #expect(abs(summary.lastFiveSingular.firstTenQ) < 1e-12)
    // Right side: the frame V^T^T gives the same pattern.
    var right = GradientAlignment(hiddenSize: n, side: .right, seed: 1)
    try right.add(gradient: m, frame: svd.vt.transposed, step: 3)
    #expect(abs(right.steps[0].firstFiveSingular.firstTenQ - s / 2) < 1e-12)
    #expect(right.steps[0].step == 3)
  }

  /// Random unit vectors have cosines of variance 1/N with an orthonormal set; the sample
  /// standard deviation of five has mean c4(5)/sqrt(N), c4(5) = 3 sqrt(2 pi) / 8 = 0.9400.
  /// Averaged over 40 gradients x 10 vectors, within 4% (about 3 standard errors).
  @Test func randomBaseline() throws {
    let n = 64
    var g = SeededGenerator(seed: 8)
    var alignment = GradientAlignment(hiddenSize: n, seed: 2)
    let frame = Matrix<Double>.identity(n)
    for t in 0..<40 {
      try alignment.add(
        gradient: .randomNormal(rows: n, columns: n, using: &g), frame: frame, step: t)
    }
    let overall = try #require(alignment.overall)
    let expected = 0.939_985_603 / Double(n).squareRoot()
    #expect(abs(overall.firstFiveSingular.randomVectors / expected - 1) < 0.04)
    #expect(abs(overall.lastFiveSingular.randomVectors / expected - 1) < 0.04)
    // The identity frame is as random as any against random singular vectors.
    #expect(abs(overall.firstFiveSingular.firstTenQ / expected - 1) < 0.06)
    #expect(abs(alignment.randomExpectation - 0.125) < 1e-15)
  }
}
