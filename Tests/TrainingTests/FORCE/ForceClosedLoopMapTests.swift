import LinearAlgebra
import Lyapunov
import RealModule
import TestSupport
import Testing

@testable import Training

/// The closed-loop FORCE map against references written here from its equations:
/// `F(x) = (1 - h) x + h (g J + w_f w) tanh(x)`.
@Suite struct ForceClosedLoopMapTests {
  /// A network with a random nonzero readout (as after training).
  static func network(
    size: Int, outputs: Int, gain: Double, density: Double, seed: UInt64, readoutScale: Double
  ) -> ForceNetwork<Double> {
    var net = ForceNetwork<Double>.random(
      size: size, outputs: outputs, gain: gain, density: density, step: 0.1, seed: seed)
    var g = SeededGenerator(seed: seed + 100)
    net.readout = Matrix.randomNormal(
      rows: outputs, columns: size, std: readoutScale, using: &g)
    return net
  }

  /// `F(x)` written densely from the network's weights.
  static func referenceStep(_ net: ForceNetwork<Double>, _ x: [Double]) -> [Double] {
    let n = net.size
    let r = x.map { Double.tanh($0) }
    return (0..<n).map { i in
      var sum = 0.0
      for j in 0..<n {
        var coupling = net.gain * net.connectivity[i, j]
        for o in 0..<net.outputs { coupling += net.feedback[i, o] * net.readout[o, j] }
        sum += coupling * r[j]
      }
      return (1 - net.step) * x[i] + net.step * sum
    }
  }

  /// `(1 - h) I + h (g J + w_f w) diag(1 - tanh(x)^2)`, formed densely.
  static func referenceJacobian(_ net: ForceNetwork<Double>, _ x: [Double]) -> Matrix<Double> {
    let n = net.size
    var jac = Matrix<Double>(rows: n, columns: n)
    for j in 0..<n {
      let slope = 1 - Double.tanh(x[j]) * Double.tanh(x[j])
      for i in 0..<n {
        var coupling = net.gain * net.connectivity[i, j]
        for o in 0..<net.outputs { coupling += net.feedback[i, o] * net.readout[o, j] }
        jac[i, j] = net.step * coupling * slope + (i == j ? 1 - net.step : 0)
      }
    }
    return jac
  }

  static func randomState(_ n: Int, seed: UInt64) -> [Double] {
    var g = SeededGenerator(seed: seed)
    return (0..<n).map { _ in 1.5 * g.nextNormal() }
  }

  @Test(arguments: [(0.3, 1), (1.0, 2)])
  func jacobianMatchesFiniteDifferencesOfTheStep(density: Double, outputs: Int) throws {
    let net = Self.network(
      size: 14, outputs: outputs, gain: 1.6, density: density, seed: 3, readoutScale: 0.7)
    let x = Self.randomState(14, seed: 9)
    let map = ForceClosedLoopMap(network: net, starts: [x])
    let analytic = try map.tangentJacobian(state: x, step: 0, trajectory: 0)
    let numeric = try FiniteDifferences.jacobian(at: x) {
      try map.nextState(state: $0, step: 0, trajectory: 0)
    }
    // Central differences at step 1e-6: truncation ~1e-12, rounding ~1e-10.
    #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-7)
    #expect(FiniteDifferences.relativeError(analytic, Self.referenceJacobian(net, x)) < 1e-13)
    let next = try map.nextState(state: x, step: 0, trajectory: 0)
    let reference = Self.referenceStep(net, x)
    #expect(zip(next, reference).allSatisfy { abs($0 - $1) < 1e-13 })
  }

  @Test func batchedAdvanceEqualsSingleTrajectories() throws {
    let net = Self.network(
      size: 9, outputs: 2, gain: 1.3, density: 0.5, seed: 4, readoutScale: 0.5)
    let starts = (0..<3).map { Self.randomState(9, seed: UInt64(20 + $0)) }
    let map = ForceClosedLoopMap(network: net, starts: starts)
    let k = 4
    var states = Matrix<Double>(rows: 9, columns: 2)
    var g = SeededGenerator(seed: 8)
    var tangents = Matrix<Double>.randomNormal(rows: 9, columns: 2 * k, using: &g)
    for c in 0..<2 { for i in 0..<9 { states[i, c] = starts[c + 1][i] } }
    let original = tangents
    try map.advance(states: &states, tangents: &tangents, step: 0, trajectories: 1..<3)
    for c in 0..<2 {
      let jac = Self.referenceJacobian(net, starts[c + 1])
      let expected = jac * original.columns((c * k)..<((c + 1) * k))
      let got = tangents.columns((c * k)..<((c + 1) * k))
      #expect(FiniteDifferences.relativeError(got, expected) < 1e-13)
      let next = Self.referenceStep(net, starts[c + 1])
      #expect((0..<9).allSatisfy { abs(states[$0, c] - next[$0]) < 1e-13 })
    }
  }

  @Test func denseJacobiansMatchTheReferenceAndTheStep() throws {
    let net = Self.network(
      size: 8, outputs: 2, gain: 1.5, density: 0.5, seed: 13, readoutScale: 0.6)
    let starts = (0..<3).map { Self.randomState(8, seed: UInt64(30 + $0)) }
    let map = ForceClosedLoopMap(network: net, starts: starts)
    #expect(map.formsJacobians)
    var states = Matrix<Double>(rows: 8, columns: 2)
    for c in 0..<2 { for i in 0..<8 { states[i, c] = starts[c + 1][i] } }
    var jacobians = [Double](repeating: .nan, count: 2 * 64)
    try jacobians.withUnsafeMutableBufferPointer {
      try map.advance(states: &states, jacobians: $0.baseAddress!, step: 0, trajectories: 1..<3)
    }
    for c in 0..<2 {
      let got = Matrix(rows: 8, columns: 8, storage: Array(jacobians[(c * 64)..<((c + 1) * 64)]))
      #expect(
        FiniteDifferences.relativeError(got, Self.referenceJacobian(net, starts[c + 1])) < 1e-13)
      let next = Self.referenceStep(net, starts[c + 1])
      #expect((0..<8).allSatisfy { abs(states[$0, c] - next[$0]) < 1e-13 })
    }
  }

  @Test func zeroFeedbackIsThePlainLeakyTanhMap() throws {
    var net = Self.network(
      size: 12, outputs: 1, gain: 1.4, density: 0.4, seed: 6, readoutScale: 2)
    net.feedback = Matrix(rows: 12, columns: 1)
    let x = Self.randomState(12, seed: 2)
    let map = ForceClosedLoopMap(network: net, starts: [x])
    // x' = (1 - h) x + h g J tanh(x): the readout must play no part.
    var leaky = Matrix<Double>(rows: 12, columns: 12)
    var next = [Double](repeating: 0, count: 12)
    for i in 0..<12 {
      next[i] = (1 - net.step) * x[i]
      for j in 0..<12 {
        let t = Double.tanh(x[j])
        next[i] += net.step * net.gain * net.connectivity[i, j] * t
        leaky[i, j] = net.step * net.gain * net.connectivity[i, j] * (1 - t * t)
      }
      leaky[i, i] += 1 - net.step
    }
    let jac = try map.tangentJacobian(state: x, step: 0, trajectory: 0)
    #expect(FiniteDifferences.relativeError(jac, leaky) < 1e-13)
    let stepped = try map.nextState(state: x, step: 0, trajectory: 0)
    #expect(zip(stepped, next).allSatisfy { abs($0 - $1) < 1e-13 })
  }

  @Test func fullSpectrumSumsToMeanLogDeterminant() throws {
    let net = Self.network(
      size: 10, outputs: 1, gain: 1.8, density: 0.5, seed: 11, readoutScale: 0.4)
    let starts = (0..<2).map { Self.randomState(10, seed: UInt64(40 + $0)) }
    let map = ForceClosedLoopMap(network: net, starts: starts)
    let steps = 300
    let spectrum = try LyapunovEstimator(
      EstimatorConfiguration(batch: 2, steps: steps, threads: 2)
    ).run(map)
    // The reference walks the dense reference step and takes log|det| through LU.
    var total = 0.0
    for start in starts {
      var x = start
      for _ in 0..<steps {
        total += try logAbsDeterminant(Self.referenceJacobian(net, x)).logAbs
        x = Self.referenceStep(net, x)
      }
    }
    let reference = total / Double(2 * steps)
    #expect(
      abs(spectrum.statistics.sum - reference) < 1e-9 * max(1, abs(reference)),
      "sum \(spectrum.statistics.sum) vs mean log|det J| \(reference)")
  }

  @Test func subcriticalGainWithoutReadoutContractsAtTheLinearRates() throws {
    var net = ForceNetwork<Double>.random(
      size: 30, outputs: 1, gain: 0.8, density: 1, step: 0.1, seed: 5)
    net.readout = Matrix(rows: 1, columns: 30)
    let starts = (0..<2).map { Self.randomState(30, seed: UInt64(60 + $0)) }
    let map = ForceClosedLoopMap(network: net, starts: starts)
    let spectrum = try LyapunovEstimator(
      EstimatorConfiguration(batch: 2, steps: 4000, warmup: 2000)
    ).run(map)
    #expect(spectrum.exponents.allSatisfy { $0 < 0 }, "\(spectrum.exponents)")
    // The state decays to 0, where the map is linear, A = (1 - h) I + h g J: the exponents
    // approach log|eigenvalues of A|.
    var a = net.scaledConnectivity
    for i in a.storage.indices { a.storage[i] *= net.step }
    a.addDiagonal(1 - net.step, count: 30)
    let rates = try eigenvalues(a).map {
      Double.log(($0.real * $0.real + $0.imaginary * $0.imaginary).squareRoot())
    }.sorted(by: >)
    let measured = spectrum.exponents.sorted(by: >)
    let gap = zip(measured, rates).map { abs($0 - $1) }.max()!
    #expect(gap < 2e-3, "exponents \(measured.prefix(4)) vs log|eig A| \(rates.prefix(4))")
  }
}
