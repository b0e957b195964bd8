import LinearAlgebra
import Lyapunov
import RecurrentNets
import Testing

/// The estimator's two ways of carrying frames (TangentFrames) give the same spectrum,
/// records and Q frames: Householder reflectors applied to explicit Jacobians (single-layer
/// networks, k >= n / 3) against the map applying each Jacobian to an explicit frame.
@Suite struct ReflectorFramesTests {
  /// The same map, with its explicit Jacobians hidden: the estimator then forms Q.
  struct ExplicitFrames<Base: TangentMap>: TangentMap {
    typealias Scalar = Base.Scalar
    let base: Base
    var dimension: Int { base.dimension }
    var stateDimension: Int { base.stateDimension }
    var timeStep: Double { base.timeStep }
    func initialState(trajectory: Int) -> [Scalar] { base.initialState(trajectory: trajectory) }
    func advance(
      states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step: Int,
      trajectories: Range<Int>
    ) throws {
      try base.advance(states: &states, tangents: &tangents, step: step, trajectories: trajectories)
    }
  }

  static func lstmMap(convention: StateConvention) -> RecurrentNetworkMap<LSTMCell<Double>> {
    var g = SeededGenerator(seed: 11)
    let (n, m, batch, steps) = (12, 3, 3, 60)
    let cell = LSTMCell(
      weightIH: Matrix<Double>.randomNormal(rows: 4 * n, columns: m, std: 0.5, using: &g),
      weightHH: Matrix<Double>.randomNormal(rows: 4 * n, columns: n, std: 0.4, using: &g),
      bias: (0..<(4 * n)).map { _ in 0.1 * g.nextNormal() })
    let inputs = (0..<(batch * steps * m)).map { _ in g.nextNormal() }
    return RecurrentNetworkMap(
      network: RecurrentNetwork(layers: [cell]), inputs: inputs, batch: batch, steps: steps,
      convention: convention)
  }

  @Test(arguments: [(24, 1), (24, 3), (10, 1), (10, 4), (5, 1)])
  func reflectorsAgreeWithExplicitFrames(exponents: Int, qrInterval: Int) throws {
    let map = Self.lstmMap(convention: .full)
    #expect(map.formsJacobians)
    let steps = 48
    let configuration = EstimatorConfiguration(
      batch: 3, steps: steps, warmup: 7, qrInterval: qrInterval, exponents: exponents,
      recordR: true, qSteps: [qrInterval - 1, steps - 1], threads: 2)
    let kept = try LyapunovEstimator(configuration).run(map)
    let formed = try LyapunovEstimator(configuration).run(ExplicitFrames(base: map))
    // Between QR steps the frame's conditioning grows like e^((l_1 - l_k) * interval) (about
    // e^21 on this full LSTM state at interval 3), which amplifies each path's rounding
    // alike: the full spectrum at interval 3 differs by up to 5e-10 (measured); every QR step,
    // or the leading 10 exponents, agree within 1e-11.
    let tolerance = qrInterval == 1 || exponents < 24 ? 1e-11 : 1e-8
    for b in 0..<3 {
      for i in 0..<exponents {
        #expect(abs(kept.perTrajectory[b][i] - formed.perTrajectory[b][i]) < tolerance)
      }
    }
    for (stepKept, stepFormed) in zip(kept.rDiagonals!, formed.rDiagonals!) {
      for (a, b) in zip(stepKept.joined(), stepFormed.joined()) {
        #expect(abs(a - b) <= 10 * tolerance * max(1, abs(b)))
      }
    }
    for (a, b) in zip(kept.qFrames!.joined().joined(), formed.qFrames!.joined().joined()) {
      #expect(abs(a - b) < 10 * tolerance)
    }
  }

  /// The default explicit Jacobians of a map (identity frames advanced) are its Jacobians.
  @Test func defaultJacobiansAreTheAdvancedIdentity() throws {
    let map = DiagonalLinearMap<Double>(diagonal: [1.5, -0.5, 2])
    var states = Matrix<Double>(rows: 3, columns: 2)
    var jacobians = [Double](repeating: 9, count: 18)
    try map.advance(states: &states, jacobians: &jacobians, step: 0, trajectories: 0..<2)
    let diagonal = [[1.5, 0, 0, 0, -0.5, 0, 0, 0, 2]].joined()
    #expect(jacobians == Array(diagonal) + Array(diagonal))
  }

  /// A stack keeps applying its Jacobian layer by layer; its explicit Jacobian (the
  /// fallback) equals the single-trajectory `tangentJacobian`.
  @Test func stacksDoNotFormJacobians() throws {
    var g = SeededGenerator(seed: 5)
    let cells = (0..<2).map { l in
      RNNCell(
        weightIH: Matrix<Double>.randomNormal(
          rows: 6, columns: l == 0 ? 2 : 6, std: 0.5, using: &g),
        weightHH: Matrix<Double>.randomNormal(rows: 6, columns: 6, std: 0.5, using: &g),
        bias: Array(repeating: 0.1, count: 6))
    }
    let map = RecurrentNetworkMap(
      network: RecurrentNetwork(layers: cells), inputs: (0..<8).map { Double($0) / 8 }, batch: 1,
      steps: 4, convention: .hidden)
    #expect(!map.formsJacobians)
    let state = (0..<12).map { 0.1 * Double($0) - 0.5 }
    let want = try map.tangentJacobian(state: state, step: 1, trajectory: 0)
    var states = Matrix(rows: 12, columns: 1, storage: state)
    var got = [Double](repeating: 0, count: 144)
    try map.advance(states: &states, jacobians: &got, step: 1, trajectories: 0..<1)
    #expect(got == want.storage)
  }
}
