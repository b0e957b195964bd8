import LinearAlgebra
import Lyapunov
import RealModule
import TestSupport
import Testing

/// Identities every system must satisfy (issue 2, item 4, last bullet).
@Suite struct EstimatorInvariantTests {
  /// The reference systems, each with a step count and warmup for quick runs.
  static let systems: [(name: String, map: any TangentMap<Double>, dimension: Int)] = [
    ("henon", HenonMap<Double>(), 2),
    ("logistic", LogisticMap<Double>(), 1),
    ("lorenz", LorenzFlow<Double>(), 3),
    ("gaussian", GaussianProductMap<Double>(dimension: 8, seed: 5), 8),
    ("diagonal", DiagonalLinearMap<Double>(diagonal: [1.1, 0.8]), 2),
  ]

  /// Mean over steps of `log|det J_t|` along trajectory 0, from explicit Jacobians through
  /// LU — an independent path from the estimator's QR.
  func meanLogDeterminant<M: TangentMap>(_ map: M, steps: Int, warmup: Int) throws -> Double
  where M.Scalar == Double {
    var state = map.initialState(trajectory: 0)
    var total = 0.0
    for t in 0..<(warmup + steps) {
      if t >= warmup {
        total += try logAbsDeterminant(map.tangentJacobian(state: state, step: t, trajectory: 0))
          .logAbs
      }
      state = try map.nextState(state: state, step: t, trajectory: 0)
    }
    return total / (Double(steps) * map.timeStep)
  }

  @Test(arguments: 0..<5)
  func fullSpectrumSumsToMeanLogDeterminant(index: Int) throws {
    let (name, map, _) = Self.systems[index]
    func check<M: TangentMap>(_ m: M) throws where M.Scalar == Double {
      let config = EstimatorConfiguration(batch: 1, steps: 3000, warmup: 100)
      let spectrum = try LyapunovEstimator(config).run(m)
      let reference = try meanLogDeterminant(m, steps: 3000, warmup: 100)
      #expect(
        abs(spectrum.statistics.sum - reference) <= 1e-9 * max(1, abs(reference)),
        "\(name): sum \(spectrum.statistics.sum) vs mean log|det J| \(reference)")
    }
    try check(map)
  }

  @Test(arguments: 0..<5)
  func qrIntervalFiveReproducesLeadingExponents(index: Int) throws {
    let (name, map, _) = Self.systems[index]
    func check<M: TangentMap>(_ m: M) throws where M.Scalar == Double {
      let every = try LyapunovEstimator(
        EstimatorConfiguration(batch: 2, steps: 20_000, warmup: 500)
      ).run(m)
      let fifth = try LyapunovEstimator(
        EstimatorConfiguration(batch: 2, steps: 20_000, warmup: 500, qrInterval: 5)
      ).run(m)
      // The products are identical between QRs, so only rounding separates the two runs.
      #expect(
        abs(every.exponents[0] - fifth.exponents[0]) < 1e-6 * max(1, abs(every.exponents[0])),
        "\(name): \(every.exponents[0]) vs \(fifth.exponents[0])")
    }
    try check(map)
  }

  @Test(arguments: 0..<5)
  func leadingKOfFullSpectrumAgree(index: Int) throws {
    let (name, map, n) = Self.systems[index]
    guard n > 1 else { return }
    func check<M: TangentMap>(_ m: M) throws where M.Scalar == Double {
      let full = try LyapunovEstimator(EstimatorConfiguration(batch: 2, steps: 5000)).run(m)
      let k = n / 2
      let leading = try LyapunovEstimator(
        EstimatorConfiguration(batch: 2, steps: 5000, exponents: k)
      ).run(m)
      for i in 0..<k {
        #expect(abs(full.exponents[i] - leading.exponents[i]) < 1e-10, "\(name) exponent \(i)")
      }
    }
    try check(map)
  }

  /// Float against Double. Chaotic trajectories separate after a few dozen steps, so the
  /// two precisions sample different orbits of the same attractor: the tolerance is a
  /// statistical one (documented in README: 0.02 on these runs), not rounding-level.
  @Test func floatAgreesWithDouble() throws {
    let config = EstimatorConfiguration(batch: 4, steps: 50_000, warmup: 1000)
    let henonD = try LyapunovEstimator(config).run(HenonMap<Double>())
    let henonF = try LyapunovEstimator(config).run(HenonMap<Float>())
    for i in 0..<2 { #expect(abs(henonD.exponents[i] - henonF.exponents[i]) < 0.02) }
    let lorenzD = try LyapunovEstimator(config).run(LorenzFlow<Double>())
    let lorenzF = try LyapunovEstimator(config).run(LorenzFlow<Float>())
    for i in 0..<3 { #expect(abs(lorenzD.exponents[i] - lorenzF.exponents[i]) < 0.05) }
    let diagonal = try LyapunovEstimator(EstimatorConfiguration(steps: 500)).run(
      DiagonalLinearMap<Float>(diagonal: [1.1, 0.8]))
    #expect(abs(diagonal.exponents[0] - Double.log(1.1)) < 1e-6)
  }

  @Test func randomInitialFrameGivesSameSpectrum() throws {
    let identity = try LyapunovEstimator(
      EstimatorConfiguration(batch: 2, steps: 50_000, warmup: 100)
    ).run(HenonMap<Double>())
    let random = try LyapunovEstimator(
      EstimatorConfiguration(batch: 2, steps: 50_000, warmup: 100, initialFrame: .random(seed: 3))
    ).run(HenonMap<Double>())
    #expect(abs(identity.exponents[0] - random.exponents[0]) < 1e-3)
  }

  @Test func threadsDoNotChangeTheResult() throws {
    let one = try LyapunovEstimator(EstimatorConfiguration(batch: 5, steps: 2000, threads: 1))
      .run(GaussianProductMap<Double>(dimension: 6, seed: 2))
    let two = try LyapunovEstimator(EstimatorConfiguration(batch: 5, steps: 2000, threads: 2))
      .run(GaussianProductMap<Double>(dimension: 6, seed: 2))
    #expect(one.perTrajectory == two.perTrajectory)
  }
}
