import LinearAlgebra
import Testing

@testable import Analysis

/// Pearson and Spearman against hand-computed values; the bootstrap against populations
/// drawn with a known correlation.
@Suite struct CorrelationTests {
  @Test func pearsonByHand() {
    // dx = (-2,-1,0,1,2), dy = (-2,0,1,0,1): sxy = 6, sxx = 10, syy = 6, r = 6 / sqrt(60).
    let r = Correlation.pearson.coefficient([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])!
    #expect(abs(r - 6 / 60.0.squareRoot()) < 1e-15)
    #expect(abs(Correlation.pearson.coefficient([1, 2, 3], [-2, -4, -6])! + 1) < 1e-15)
  }

  @Test func spearmanWithTies() {
    // Ranks of y = (2,4,5,4,5): (1, 2.5, 4.5, 2.5, 4.5); against ranks 1...5:
    // sxy = 7, sxx = 10, syy = 9, rho = 7 / sqrt(90).
    #expect(Correlation.ranks([2, 4, 5, 4, 5]) == [1, 2.5, 4.5, 2.5, 4.5])
    let rho = Correlation.spearman.coefficient([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])!
    #expect(abs(rho - 7 / 90.0.squareRoot()) < 1e-15)
    // Monotone but nonlinear: Spearman 1, Pearson below 1.
    let x = (0..<10).map(Double.init)
    let y = x.map { Double.exp($0) }
    #expect(Correlation.spearman.coefficient(x, y) == 1)
    #expect(Correlation.pearson.coefficient(x, y)! < 0.9)
  }

  @Test func constantVariableHasNoCorrelation() {
    #expect(Correlation.pearson.coefficient([1, 2, 3], [4, 4, 4]) == nil)
    #expect(Correlation.spearman.coefficient([1, 1, 1], [1, 2, 3]) == nil)
    #expect(Correlation.pearson.bootstrap([1, 2, 3], [4, 4, 4]) == nil)
  }

  /// n pairs with correlation rho: y = rho x + sqrt(1 - rho^2) e.
  static func correlated(n: Int, rho: Double, seed: UInt64) -> ([Double], [Double]) {
    var generator = SeededGenerator(seed: seed)
    var x: [Double] = []
    var y: [Double] = []
    for _ in 0..<n {
      let a = generator.nextNormal()
      let e = generator.nextNormal()
      x.append(a)
      y.append(rho * a + (1 - rho * rho).squareRoot() * e)
    }
    return (x, y)
  }

  @Test func bootstrapIntervalContainsTrueCorrelation() {
    let (x, y) = Self.correlated(n: 400, rho: 0.6, seed: 1)
    let estimate = Correlation.pearson.bootstrap(x, y, resamples: 2000, seed: 2)!
    #expect(estimate.lower < 0.6 && 0.6 < estimate.upper)
    #expect(estimate.lower < estimate.value && estimate.value < estimate.upper)
    // The normal-theory width is about 2 * 1.96 (1 - rho^2) / sqrt(n) = 0.125.
    #expect(abs((estimate.upper - estimate.lower) - 0.125) < 0.04)
    #expect(estimate.degenerateResamples == 0)
    // Same seed, same interval.
    #expect(Correlation.pearson.bootstrap(x, y, resamples: 2000, seed: 2) == estimate)
  }

  /// Over 60 populations, the 95% intervals of both coefficients cover the truth about 95%
  /// of the time (Spearman's population value for a bivariate normal is
  /// `(6 / pi) asin(rho / 2)`); 48 of 60 is far below what a working interval gives.
  @Test func bootstrapCoverage() {
    let rho = 0.5
    let spearmanTruth = 6 / Double.pi * Double.asin(rho / 2)
    var covered = (pearson: 0, spearman: 0)
    for trial in 0..<60 {
      let (x, y) = Self.correlated(n: 150, rho: rho, seed: UInt64(100 + trial))
      let p = Correlation.pearson.bootstrap(x, y, resamples: 400, seed: UInt64(trial))!
      let s = Correlation.spearman.bootstrap(x, y, resamples: 400, seed: UInt64(trial))!
      if p.lower < rho && rho < p.upper { covered.pearson += 1 }
      if s.lower < spearmanTruth && spearmanTruth < s.upper { covered.spearman += 1 }
    }
    #expect(covered.pearson >= 48 && covered.spearman >= 48, "\(covered)")
  }
}
