import Lyapunov
import Testing

@testable import Analysis

/// Resampling, -infinity replacement, drops and the final-epoch choice on populations built
/// by hand.
@Suite struct SpectrumPopulationTests {
  @Test func linearInterpolationOfALinearSpectrumIsExact() {
    let spectrum = (0..<7).map { 1 - 0.1 * Double($0) }
    let out = SpectrumResampling.thesis.resample(spectrum)
    #expect(out.count == 1024)
    for (j, value) in out.enumerated() {
      #expect(abs(value - (1 - 0.6 * Double(j) / 1023)) < 1e-13)
    }
    #expect(SpectrumResampling.linear(length: 4).resample([2]) == [2, 2, 2, 2])
  }

  @Test func midpointDoublingLengths() {
    #expect(SpectrumResampling.doubled([1, 3, 7]) == [1, 2, 3, 5, 7])
    // 5 -> 9 -> 17 -> 33: lengths of the form (k - 1) 2^d + 1 are reached exactly.
    let five = [0.0, -1, -3, -4, -8]
    let d2 = SpectrumResampling.midpointDoubling(length: 17).resample(five)
    #expect(d2 == SpectrumResampling.doubled(SpectrumResampling.doubled(five)))
    #expect(SpectrumResampling.midpointDoubling(length: 33).resample(five).count == 33)
    // 64 -> 127 -> 253 -> 505 -> 1009 -> 2017, then 1024 evenly spaced values, both ends kept;
    // a linear spectrum stays on its line.
    let k64 = (0..<64).map { -Double($0) / 63 }
    let out = SpectrumResampling.midpointDoubling(length: 1024).resample(k64)
    #expect(out.count == 1024 && out.first == 0 && out.last == -1)
    for j in 1..<out.count { #expect(out[j] < out[j - 1]) }
    for (j, value) in out.enumerated() {
      // Position round(j * 2016 / 1023) of 2017 points on the line 0 ... -1.
      let position = (Double(j) * 2016 / 1023).rounded()
      #expect(abs(value + position / 2016) < 1e-14)
    }
  }

  @Test func infinitiesReplacedAndDropsCounted() throws {
    let population = try SpectrumPopulation(
      spectra: [
        [0.1, -0.5, -.infinity],
        [0.2, -1.0, -2.0],
        [.nan, .nan, .nan],
        [0.3, -.infinity, -.infinity],
        [-.infinity, -.infinity, -.infinity],
        [0.1, .nan, -1],
      ],
      losses: [1, 2, 3, .nan, 5, 6])
    #expect(population.kept == [0, 1])
    #expect(population.dropped.nonFiniteLoss == 1 && population.dropped.noFiniteSpectrum == 3)
    #expect(population.dropped.total == 4)
    // The kept population's minimum finite exponent is -2: -infinity becomes -3.
    #expect(population.replacedInfinities == 1 && population.infinityReplacement == -3)
    #expect(population.spectra == [[0.1, -0.5, -3], [0.2, -1.0, -2.0]])
    #expect(population.resampling == nil && population.exponentCounts == [3, 3])
    #expect(population.losses == [1, 2])
    // Statistics are of the measured spectrum: the infinite exponent is counted, left out.
    #expect(population.statistics[0].infiniteCount == 1)
    #expect(abs(population.statistics[0].mean - -0.2) < 1e-15)
  }

  @Test func differentSizesAreResampled() throws {
    let population = try SpectrumPopulation(
      spectra: [[0, -1, -2], [0, -2, .nan]], losses: [1, 2], resampling: .linear(length: 5))
    #expect(population.exponentCounts == [3, 2])
    #expect(population.resampling == .linear(length: 5))
    for spectrum in population.spectra {
      for (j, value) in spectrum.enumerated() { #expect(abs(value + 0.5 * Double(j)) < 1e-15) }
    }
  }

  @Test func finalEpochOfTrajectories() throws {
    let nanRow = [Double](repeating: .nan, count: 2)
    let population = try SpectrumPopulation(
      trajectories: [
        [[1, 0], [2, 0], [3, -1]],
        [[4, 0], [5, -2], nanRow],
      ],
      epochs: [2, 1], losses: [0.5, 0.25])
    #expect(population.spectra == [[3, -1], [5, -2]])
    #expect(throws: SpectrumFeatureError.epochOutOfRange(network: 1, epoch: 3, recorded: 3)) {
      try SpectrumPopulation(
        trajectories: [[[1, 0]], [[4, 0], [5, -2], nanRow]], epochs: [0, 3], losses: [1, 2])
    }
    #expect(throws: SpectrumFeatureError.countMismatch(spectra: 1, losses: 2)) {
      try SpectrumPopulation(spectra: [[1]], losses: [1, 2])
    }
  }

  /// Spectra `[a, a - 1, a - 3]` with loss `2a + 1`: max, mean, median and sum are affine in
  /// a, so Pearson and Spearman are exactly 1; no exponent is infinite, so the infinite
  /// count is constant and has no correlation.
  @Test func featureCorrelationsKnownAnswer() throws {
    let a = (0..<30).map { -0.5 + 0.03 * Double($0) }
    let population = try SpectrumPopulation(
      spectra: a.map { [$0, $0 - 1, $0 - 3] }, losses: a.map { 2 * $0 + 1 })
    let features = SpectrumFeatures(population, resamples: 200, seed: 3)
    for name in ["max", "mean", "median", "sum"] {
      let row = features.rows.first { $0.statistic == name }!
      #expect(abs(row.pearson!.value - 1) < 1e-12 && abs(row.spearman!.value - 1) < 1e-12)
    }
    let infinite = features.rows.first { $0.statistic == "infinite-count" }!
    #expect(infinite.pearson == nil && infinite.spearman == nil)
    #expect(features.rows.map(\.statistic) == SpectrumFeatures.names)
  }
}
