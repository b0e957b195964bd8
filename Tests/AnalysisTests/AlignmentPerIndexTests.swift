import Analysis
import LinearAlgebra
import Testing

/// Per-index alignment deviations and their group distributions on frames with known answers.
@Suite struct AlignmentPerIndexTests {
  /// NumPy's values: np.quantile([4, 1, 3, 2], [.25, .5, .75]) = 1.75, 2.5, 3.25;
  /// np.std(ddof=1) = sqrt(5/3).
  @Test func distributionOfKnownSample() {
    let d = ValueDistribution([4, 1, 3, 2])
    #expect(d.count == 4 && d.min == 1 && d.max == 4 && d.mean == 2.5)
    #expect(abs(d.standardDeviation - (5.0 / 3).squareRoot()) < 1e-15)
    #expect(d.lowerQuartile == 1.75 && d.median == 2.5 && d.upperQuartile == 3.25)
    let one = ValueDistribution([7])
    #expect(one.standardDeviation == 0 && one.lowerQuartile == 7 && one.upperQuartile == 7)
    let empty = ValueDistribution([])
    #expect(empty.count == 0 && empty.mean.isNaN && empty.median.isNaN)
  }

  /// N = 20. Step 4, two sequences: frame U (A = diag(±1)) and U with its columns reversed
  /// (`q_i = u_{N-1-i}`). With one ±1 among five cosines the sample std is sqrt(0.2) (mean
  /// ±0.2, squares 0.64 + 4 * 0.04 = 0.8, over 4), otherwise 0. So the first-five deviation
  /// of index i is sqrt(0.2) in the first sequence for i < 5, in the second for i >= 15:
  /// averaged, s/2 for i < 5 or i >= 15 and 0 between; the same for the last five. Step 9,
  /// one sequence with frame U: s for i < 5 (first five), for i >= 15 (last five).
  @Test func reversedAndPlainFrames() throws {
    let n = 20
    var g = SeededGenerator(seed: 11)
    let m = Matrix<Double>.randomNormal(rows: n, columns: n, using: &g)
    let u = try singularValueDecomposition(m).u
    var reversed = Matrix<Double>(rows: n, columns: n)
    for i in 0..<n { for j in 0..<n { reversed[i, j] = u[i, n - 1 - j] } }
    var alignment = GradientAlignment(hiddenSize: n, side: .left, seed: 3)
    try alignment.add(gradient: m, frame: u, step: 9)
    try alignment.add(gradient: m, frame: u, step: 4)
    try alignment.add(gradient: m, frame: reversed, step: 4)

    let s = 0.2.squareRoot()
    let p = alignment.perIndex
    #expect(p.steps == [4, 9])
    let outer = (0..<n).map { $0 < 5 || $0 >= 15 ? s / 2 : 0 }
    let head = (0..<n).map { $0 < 5 ? s : 0 }
    let tail = (0..<n).map { $0 >= 15 ? s : 0 }
    for (row, expected) in [(p.firstFive[0], outer), (p.lastFive[0], outer)]
      + [(p.firstFive[1], head), (p.lastFive[1], tail)]
    {
      #expect(row.count == n)
      #expect(zip(row, expected).allSatisfy { abs($0 - $1) < 1e-12 }, "\(row)")
    }
    #expect(p.baselineFirstFive.count == 2 && p.baselineFirstFive[0].count == 10)

    // Group means in `steps` are the means of the per-index rows over the group's indices.
    func mean(_ row: [Double], _ indices: [Int]) -> Double {
      indices.map { row[$0] }.reduce(0, +) / Double(indices.count)
    }
    for (k, summary) in alignment.steps.enumerated() {
      for (groups, rows, baseline) in [
        (summary.firstFiveSingular, p.firstFive, p.baselineFirstFive),
        (summary.lastFiveSingular, p.lastFive, p.baselineLastFive),
      ] {
        #expect(abs(groups.firstTenQ - mean(rows[k], Array(0..<10))) < 1e-14)
        #expect(abs(groups.lastTenQ - mean(rows[k], Array(10..<20))) < 1e-14)
        #expect(abs(groups.randomTenQ - mean(rows[k], alignment.randomIndices)) < 1e-14)
        #expect(abs(groups.randomVectors - mean(baseline[k], Array(0..<10))) < 1e-14)
      }
    }

    // First ten Q against the first five, over both steps: s/2 and 0 five times each
    // (step 4), s and 0 five times each (step 9). Sorted: ten 0, five s/2, five s.
    let d = alignment.distributions.firstFiveSingular.firstTenQ
    #expect(d.count == 20)
    #expect(abs(d.mean - 3 * s / 8) < 1e-12)
    let overall = try #require(alignment.overall)
    #expect(abs(d.mean - overall.firstFiveSingular.firstTenQ) < 1e-14)
    // Positions 4.75, 9.5, 14.25 of the sorted twenty: 0, s/4, s/2 + s/8.
    #expect(abs(d.lowerQuartile) < 1e-12 && abs(d.median - s / 4) < 1e-12)
    #expect(abs(d.upperQuartile - (s / 2 + s / 8)) < 1e-12)
    #expect(abs(d.min) < 1e-12 && abs(d.max - s) < 1e-12)
    // Deviations from 3s/8: ten of 3s/8, five of s/8, five of 5s/8: 90 + 5 + 125 = 220 s^2 / 64, over 19.
    #expect(abs(d.standardDeviation - (220.0 / 64 / 19).squareRoot() * s) < 1e-12)
    // Last ten Q against the first five: step 4 has s/2 at 15..<20, step 9 nothing.
    let lastTen = alignment.distributions.firstFiveSingular.lastTenQ
    #expect(abs(lastTen.mean - 5 * (s / 2) / 20) < 1e-12 && abs(lastTen.max - s / 2) < 1e-12)
    #expect(alignment.distributions.lastFiveSingular.randomVectors.count == 20)
  }
}
