import LinearAlgebra
import Lyapunov

/// A ``RecurrentNetwork`` driven by fixed input sequences, as a ``TangentMap``.
///
/// The tangent of the stack is block lower-triangular (thesis eq. 2.6) and is applied layer
/// by layer without forming it: `T^(l) = J_ll Q^(l) + (d s^(l)/d x^(l)) T^(l-1)_h`, where
/// `T^(l-1)_h` is the output-block rows of the layer below, already advanced. Each `J_ll`
/// and input Jacobian is formed in O(N^2) from row-scaled weights, so a layer costs two GEMMs
/// per trajectory. Initial states are zero unless ``initialStateSeed`` is set.
public struct RecurrentNetworkMap<Cell: RecurrentCell>: TangentMap {
  public typealias Scalar = Cell.Scalar
  public let network: RecurrentNetwork<Cell>
  /// Inputs in `[batch, steps, features]` C order.
  public let inputs: [Scalar]
  public let batch: Int
  public let steps: Int
  public let convention: StateConvention
  /// When set, each trajectory starts from its own N(0, 1) state drawn from this seed
  /// (autonomous networks, where the zero state is a fixed point).
  public var initialStateSeed: UInt64?

  /// - Precondition: `inputs.count == batch * steps * network.inputSize`.
  public init(
    network: RecurrentNetwork<Cell>, inputs: [Scalar], batch: Int, steps: Int,
    convention: StateConvention, initialStateSeed: UInt64? = nil
  ) {
    self.initialStateSeed = initialStateSeed
    precondition(inputs.count == batch * steps * network.inputSize, "inputs do not match shape")
    self.network = network
    self.inputs = inputs
    self.batch = batch
    self.steps = steps
    self.convention = convention
  }

  public var dimension: Int { network.tangentSize(convention) }
  public var stateDimension: Int { network.stateSize }
  public var timeStep: Double { 1 }

  public func initialState(trajectory: Int) -> [Scalar] {
    guard let seed = initialStateSeed else { return Array(repeating: 0, count: stateDimension) }
    var g = SeededGenerator(seed: seed, stream: trajectory)
    return (0..<stateDimension).map { _ in Scalar(g.nextNormal()) }
  }

  /// The inputs of `trajectories` at `step`, `M x count`.
  func inputColumns(step: Int, trajectories: Range<Int>) -> Matrix<Scalar> {
    let m = network.inputSize
    var x = Matrix<Scalar>(rows: m, columns: trajectories.count)
    for (c, b) in trajectories.enumerated() {
      let start = (b * steps + step) * m
      x.storage.replaceSubrange((c * m)..<((c + 1) * m), with: inputs[start..<(start + m)])
    }
    return x
  }

  /// A single layer forms its Jacobian explicitly anyway (from row-scaled weights, O(N^2)),
  /// so the estimator can keep its frames as reflectors; a stack applies its block
  /// lower-triangular Jacobian layer by layer instead.
  public var formsJacobians: Bool { network.layers.count == 1 }

  public func advance(
    states: inout Matrix<Scalar>, jacobians: UnsafeMutablePointer<Scalar>, step: Int,
    trajectories: Range<Int>
  ) throws {
    let n = dimension
    guard network.layers.count == 1 else {
      var frames = Matrix<Scalar>(rows: n, columns: n * trajectories.count)
      for c in 0..<trajectories.count {
        for i in 0..<n { frames[i, c * n + i] = 1 }
      }
      try advance(states: &states, tangents: &frames, step: step, trajectories: trajectories)
      frames.storage.withUnsafeBufferPointer {
        jacobians.update(from: $0.baseAddress!, count: n * n * trajectories.count)
      }
      return
    }
    let cell = network.layers[0]
    let x = inputColumns(step: step % steps, trajectories: trajectories)
    let (next, cache) = cell.forward(
      state: states, input: x, step: step, trajectories: trajectories)
    states = next
    var js = Matrix<Scalar>(rows: n, columns: n)
    var noInput: Matrix<Scalar>? = nil
    for c in 0..<trajectories.count {
      cell.jacobians(cache, column: c, convention: convention, state: &js, input: &noInput)
      js.storage.withUnsafeBufferPointer {
        (jacobians + c * n * n).update(from: $0.baseAddress!, count: n * n)
      }
    }
  }

  public func advance(
    states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step: Int,
    trajectories: Range<Int>
  ) throws {
    let count = trajectories.count
    let k = tangents.columns / max(1, count)
    let total = dimension
    var x = inputColumns(step: step % steps, trajectories: trajectories)
    var advanced = Matrix<Scalar>(rows: total, columns: tangents.columns)
    var stateRow = 0
    var tangentRow = 0
    for (l, cell) in network.layers.enumerated() {
      let sd = cell.stateBlocks * cell.hiddenSize
      let d = cell.tangentSize(convention)
      var layerState = Matrix<Scalar>(rows: sd, columns: count)
      for c in 0..<count {
        for i in 0..<sd { layerState[i, c] = states[stateRow + i, c] }
      }
      let (next, cache) = cell.forward(
        state: layerState, input: x, step: step, trajectories: trajectories)
      for c in 0..<count {
        for i in 0..<sd { states[stateRow + i, c] = next[i, c] }
      }
      if k > 0 {
        var js = Matrix<Scalar>(rows: d, columns: d)
        var ji: Matrix<Scalar>? = l > 0 ? Matrix(rows: d, columns: cell.inputSize) : nil
        let below = tangentRow - (l > 0 ? network.layers[l - 1].tangentSize(convention) : 0)
        tangents.storage.withUnsafeBufferPointer { old in
          advanced.storage.withUnsafeMutableBufferPointer { new in
            for c in 0..<count {
              cell.jacobians(cache, column: c, convention: convention, state: &js, input: &ji)
              let offset = c * k * total
              gemmBlock(
                js, old.baseAddress! + offset + tangentRow, ldb: total, columns: k,
                into: new.baseAddress! + offset + tangentRow, ldc: total, beta: 0)
              if let ji {
                gemmBlock(
                  ji, new.baseAddress! + offset + below, ldb: total, columns: k,
                  into: new.baseAddress! + offset + tangentRow, ldc: total, beta: 1)
              }
            }
          }
        }
      }
      x = Matrix(rows: cell.hiddenSize, columns: count)
      for c in 0..<count {
        for i in 0..<cell.hiddenSize { x[i, c] = next[i, c] }
      }
      stateRow += sd
      tangentRow += d
    }
    if k > 0 { tangents = advanced }
  }
}
