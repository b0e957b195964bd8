import LinearAlgebra
import Lyapunov
import RealModule
import TestSupport
import Testing

/// Published and analytic values for the reference systems (issue 2, item 4).
@Suite struct ReferenceSystemTests {
  @Test func henonMap() throws {
    let config = EstimatorConfiguration(batch: 2, steps: 200_000, warmup: 1000)
    let spectrum = try LyapunovEstimator(config).run(HenonMap<Double>())
    #expect(abs(spectrum.exponents[0] - 0.419) < 0.005)
    #expect(abs(spectrum.exponents[1] - -1.623) < 0.005)
    #expect(abs(spectrum.statistics.sum - Double.log(0.3)) < 1e-9)
    #expect(spectrum.units == "nats per step")
  }

  @Test func logisticMapAtFourIsLnTwo() throws {
    let config = EstimatorConfiguration(batch: 4, steps: 100_000, warmup: 100)
    let spectrum = try LyapunovEstimator(config).run(LogisticMap<Double>())
    #expect(abs(spectrum.exponents[0] - Double.log(2)) < 0.005)
  }

  @Test func lorenzChaoticSpectrum() throws {
    let config = EstimatorConfiguration(batch: 2, steps: 100_000, warmup: 2000)
    let spectrum = try LyapunovEstimator(config).run(LorenzFlow<Double>())
    let expected = [0.906, 0.0, -14.572]
    for i in 0..<3 { #expect(abs(spectrum.exponents[i] - expected[i]) < 0.02) }
    #expect(abs(spectrum.statistics.sum - -(10 + 1 + 8.0 / 3)) < 0.005)
    #expect(spectrum.units == "nats per unit time")
  }

  /// At a stable fixed point the exponents are the real parts of the eigenvalues of the
  /// vector field's Jacobian there, computed here independently by LAPACK.
  @Test(arguments: [0.5, 5.0])
  func lorenzStableFixedPoints(rho: Double) throws {
    let beta = 8.0 / 3
    let sigma = 10.0
    let c = rho > 1 ? (beta * (rho - 1)).squareRoot() : 0
    let fixed = [c, c, rho > 1 ? rho - 1 : 0]
    let df = Matrix<Double>(rowMajor: [
      [-sigma, sigma, 0], [rho - fixed[2], -1, -fixed[0]], [fixed[1], fixed[0], -beta],
    ])
    let expected = try eigenvalues(df).map(\.real).sorted(by: >)
    let config = EstimatorConfiguration(batch: 1, steps: 50_000, warmup: 5000)
    let spectrum = try LyapunovEstimator(config).run(LorenzFlow<Double>(rho: rho))
    for i in 0..<3 { #expect(abs(spectrum.exponents[i] - expected[i]) < 0.01) }
    // The published values the issue quotes.
    let quoted = rho == 0.5 ? [-0.4751, -2.6667, -10.5249] : [-0.9287, -0.9287, -11.8092]
    for i in 0..<3 { #expect(abs(spectrum.exponents[i] - quoted[i]) < 0.01) }
  }

  /// Newman (1986): products of N x N matrices with i.i.d. N(0, s^2) entries.
  @Test func gaussianProductsMatchNewman() throws {
    let n = 8
    let s = 0.7
    let config = EstimatorConfiguration(batch: 10, steps: 20_000)
    let spectrum = try LyapunovEstimator(config).run(
      GaussianProductMap<Double>(dimension: n, scale: s, seed: 11))
    for i in 1...n {
      let newman =
        0.5 * (Double.log(2 * s * s) + SpecialFunctions.digamma(halfInteger: Double(n - i + 1) / 2))
      let standardError = spectrum.standardDeviation[i - 1] / Double(config.batch - 1).squareRoot()
      #expect(abs(spectrum.exponents[i - 1] - newman) < 5 * standardError + 1e-3)
    }
  }

  @Test func diagonalMapIsExact() throws {
    let spectrum = try LyapunovEstimator(EstimatorConfiguration(steps: 500)).run(
      DiagonalLinearMap<Double>(diagonal: [1.1, 0.8]))
    #expect(abs(spectrum.exponents[0] - Double.log(1.1)) < 1e-12)
    #expect(abs(spectrum.exponents[1] - Double.log(0.8)) < 1e-12)
  }

  @Test func digammaReference() {
    // psi(1) = -gamma, psi(1/2) = -gamma - 2 ln 2, psi(2) = 1 - gamma.
    #expect(abs(SpecialFunctions.digamma(halfInteger: 1) + 0.5772156649015329) < 1e-15)
    #expect(abs(SpecialFunctions.digamma(halfInteger: 0.5) - -1.9635100260214235) < 1e-14)
    #expect(abs(SpecialFunctions.digamma(halfInteger: 2) - 0.42278433509846713) < 1e-14)
    #expect(abs(SpecialFunctions.digamma(halfInteger: 2.5) - 0.7031566406452432) < 1e-14)
  }
}
