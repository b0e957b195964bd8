import LinearAlgebra
import Lyapunov
import RealModule
import RecurrentNets
import Testing

/// The autonomous tanh network `h' = tanh(g W h)`, W ~ N(0, 1/N): the classic transition
/// to chaos at g = 1 (Sompolinsky, Crisanti & Sommers 1988), and a linear regime with a
/// closed-form spectrum.
@Suite struct AutonomousNetworkTests {
  static func spectrum(gain: Double, n: Int, exponents: Int) throws -> LyapunovSpectrum {
    var g = SeededGenerator(seed: 2024)
    let w = Matrix<Double>.randomNormal(
      rows: n, columns: n, std: gain / Double(n).squareRoot(), using: &g)
    let cell = RNNCell(
      weightIH: Matrix(rows: n, columns: 1), weightHH: w, bias: Array(repeating: 0, count: n))
    let steps = 1500
    let map = RecurrentNetworkMap(
      network: RecurrentNetwork(layers: [cell]), inputs: Array(repeating: 0, count: 2 * steps),
      batch: 2, steps: steps, convention: .hidden, initialStateSeed: 7)
    return try LyapunovEstimator(
      EstimatorConfiguration(batch: 2, steps: 1000, warmup: 500, exponents: exponents)
    ).run(map)
  }

  @Test func subcriticalGainIsStable() throws {
    #expect(try Self.spectrum(gain: 0.8, n: 200, exponents: 5).exponents[0] < 0)
  }

  @Test func supercriticalGainIsChaotic() throws {
    #expect(try Self.spectrum(gain: 2.0, n: 200, exponents: 5).exponents[0] > 0)
  }

  /// At the fixed point h = 0 with zero input, `J = a Q` for an orthogonal Q: every exponent
  /// is `ln a` exactly (the state stays at 0, where tanh' = 1).
  @Test func linearRegimeScaledOrthogonal() throws {
    let n = 12
    var g = SeededGenerator(seed: 5)
    let q = try QRWorkspace<Double>(rows: n, columns: n).factor(
      Matrix.randomNormal(rows: n, columns: n, using: &g)
    ).q
    var w = q
    for i in w.storage.indices { w.storage[i] *= 0.5 }
    let cell = RNNCell(
      weightIH: Matrix(rows: n, columns: 1), weightHH: w, bias: Array(repeating: 0, count: n))
    let map = RecurrentNetworkMap(
      network: RecurrentNetwork(layers: [cell]), inputs: Array(repeating: 0, count: 50),
      batch: 1, steps: 50, convention: .hidden)
    let spectrum = try LyapunovEstimator(EstimatorConfiguration(steps: 50)).run(map)
    for e in spectrum.exponents { #expect(abs(e - Double.log(0.5)) < 1e-12) }
  }
}
