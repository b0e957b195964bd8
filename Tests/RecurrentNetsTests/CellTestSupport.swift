import LinearAlgebra
import Lyapunov
import RecurrentNets
import TestSupport
import Testing

/// Finite-difference checks shared by every architecture's tests.
enum CellCheck {
  /// A random matrix with N(0, std^2) entries.
  static func random(_ rows: Int, _ columns: Int, std: Double, _ g: inout SeededGenerator)
    -> Matrix<Double>
  {
    Matrix.randomNormal(rows: rows, columns: columns, std: std, using: &g)
  }

  /// A random vector with N(0, std^2) entries.
  static func vector(_ count: Int, std: Double, _ g: inout SeededGenerator) -> [Double] {
    (0..<count).map { _ in g.nextNormal() * std }
  }

  /// One cell step at a single state and input.
  static func step<C: RecurrentCell>(_ cell: C, _ state: [Double], _ input: [Double]) -> [Double]
  where C.Scalar == Double {
    cell.forward(
      state: Matrix(rows: state.count, columns: 1, storage: state),
      input: Matrix(rows: input.count, columns: 1, storage: input), step: 0,
      trajectories: 0..<1
    ).next.storage
  }

  /// Checks the cell's explicit state and input Jacobians under both conventions against
  /// central differences of `forward` at a random state and input.
  static func checkCell<C: RecurrentCell>(_ cell: C, seed: UInt64, tolerance: Double = 1e-6)
  where C.Scalar == Double {
    var g = SeededGenerator(seed: seed)
    let n = cell.hiddenSize
    let state = vector(cell.stateBlocks * n, std: 0.5, &g)
    let input = vector(cell.inputSize, std: 1, &g)
    for convention in StateConvention.allCases {
      let d = cell.tangentSize(convention)
      let (js, ji) = cell.jacobians(state: state, input: input, convention: convention)
      // Perturb the first d state entries (hidden: h or y only, the rest held fixed) and
      // read the first d outputs.
      let fdState = FiniteDifferences.jacobian(at: Array(state[0..<d])) { head in
        Array(step(cell, head + state[d...], input)[0..<d])
      }
      let fdInput = FiniteDifferences.jacobian(at: input) { x in
        Array(step(cell, state, x)[0..<d])
      }
      let stateError = FiniteDifferences.relativeError(js, fdState)
      let inputError = FiniteDifferences.relativeError(ji, fdInput)
      #expect(stateError < tolerance, "\(C.self) \(convention) state Jacobian error \(stateError)")
      #expect(inputError < tolerance, "\(C.self) \(convention) input Jacobian error \(inputError)")
    }
  }

  /// Checks a stacked network's tangent map (J·Q through `advance`, and the explicit
  /// Jacobian it implies) against central differences of the real stacked step.
  static func checkNetwork<C: RecurrentCell>(
    _ layers: [C], seed: UInt64, tolerance: Double = 1e-6
  ) throws where C.Scalar == Double {
    let network = RecurrentNetwork(layers: layers)
    var g = SeededGenerator(seed: seed)
    let m = network.inputSize
    let inputs = vector(3 * 2 * m, std: 1, &g)
    for convention in StateConvention.allCases {
      let map = RecurrentNetworkMap(
        network: network, inputs: inputs, batch: 3, steps: 2, convention: convention)
      let state = vector(map.stateDimension, std: 0.5, &g)
      // Indices of the state entries that carry tangents under this convention.
      var tangentIndices: [Int] = []
      var offset = 0
      for cell in layers {
        tangentIndices += (offset..<(offset + cell.tangentSize(convention)))
        offset += cell.stateBlocks * cell.hiddenSize
      }
      let jacobian = try map.tangentJacobian(state: state, step: 1, trajectory: 2)
      let fd = try FiniteDifferences.jacobian(at: tangentIndices.map { state[$0] }) { sub in
        var full = state
        for (j, i) in tangentIndices.enumerated() { full[i] = sub[j] }
        let next = try map.nextState(state: full, step: 1, trajectory: 2)
        return tangentIndices.map { next[$0] }
      }
      let error = FiniteDifferences.relativeError(jacobian, fd)
      #expect(
        error < tolerance,
        "\(C.self) x\(layers.count) \(convention) stacked Jacobian error \(error)")
      // J·Q on a random frame, batched over three trajectories, equals J Q per trajectory.
      let d = map.dimension
      var states = Matrix<Double>(rows: map.stateDimension, columns: 3)
      for c in 0..<3 { for i in 0..<map.stateDimension { states[i, c] = state[i] } }
      var q = random(d, 3 * 2, std: 1, &g)
      let q0 = q
      try map.advance(states: &states, tangents: &q, step: 1, trajectories: 0..<3)
      let explicit = try map.tangentJacobian(state: state, step: 1, trajectory: 1)
      let expected = explicit * q0.columns(2..<4)
      #expect(FiniteDifferences.relativeError(q.columns(2..<4), expected) < 1e-12)
    }
  }
}
