import LinearAlgebra

/// A driven dynamical system `s_t = F(s_{t-1}, x_t)` of dimension n that the
/// ``LyapunovEstimator`` can run: it advances a batch of trajectories and carries each
/// trajectory's tangent vectors through the step's Jacobian.
///
/// Conventions (DESIGN.md §3): `J_t[i][j] = d s_t[i] / d s_{t-1}[j]` evaluated at
/// `(s_{t-1}, x_t)`, and the tangent update is the forward product `Q <- J_t Q`.
/// Implementations are immutable values, safe to call from several threads at once for
/// disjoint trajectory ranges.
public protocol TangentMap<Scalar>: Sendable {
  associatedtype Scalar: BLASScalar

  /// The tangent dimension n: the number of exponents of the full spectrum.
  var dimension: Int { get }

  /// The length of the state vector; larger than ``dimension`` when part of the state is held
  /// fixed in the tangent dynamics (an LSTM's cell state under the `hidden` convention).
  var stateDimension: Int { get }

  /// Time per step: 1 for maps (exponents in nats per step), `dt` for flows integrated with
  /// a fixed step (exponents in nats per unit time).
  var timeStep: Double { get }

  /// The initial state of trajectory `trajectory` (``stateDimension`` values).
  func initialState(trajectory: Int) -> [Scalar]

  /// Advances the trajectories `trajectories` by one step.
  ///
  /// - Parameters:
  ///   - states: `stateDimension x trajectories.count`; column c is the state of trajectory
  ///     `trajectories.lowerBound + c`, replaced by the next state.
  ///   - tangents: `n x (trajectories.count * k)`; block c (columns `c*k ..< (c+1)*k`) is
  ///     replaced by `J_t` times itself, with `J_t` evaluated at the old state.
  ///   - step: the 0-based step index t, counting warmup steps (inputs are read at t).
  func advance(
    states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step: Int,
    trajectories: Range<Int>) throws

  /// True when the map forms each trajectory's n x n Jacobian explicitly anyway, so that
  /// ``advance(states:jacobians:step:trajectories:)`` costs little more than the step. The
  /// estimator then keeps the frames as Householder reflectors (``TangentFrames``).
  var formsJacobians: Bool { get }

  /// Advances the trajectories `trajectories` by one step, like
  /// ``advance(states:tangents:step:trajectories:)``, and writes trajectory
  /// `trajectories.lowerBound + c`'s Jacobian `J_t` (n x n, column-major, evaluated at the old
  /// state) to `jacobians + c * n * n`.
  func advance(
    states: inout Matrix<Scalar>, jacobians: UnsafeMutablePointer<Scalar>, step: Int,
    trajectories: Range<Int>) throws
}

extension TangentMap {
  /// By default the whole state carries tangents.
  public var stateDimension: Int { dimension }

  /// By default the map applies its Jacobians without forming them.
  public var formsJacobians: Bool { false }

  /// By default the Jacobians are obtained by advancing identity frames (n^3 per trajectory).
  public func advance(
    states: inout Matrix<Scalar>, jacobians: UnsafeMutablePointer<Scalar>, step: Int,
    trajectories: Range<Int>
  ) throws {
    let n = dimension
    var frames = Matrix<Scalar>(rows: n, columns: n * trajectories.count)
    for c in 0..<trajectories.count {
      for i in 0..<n { frames[i, c * n + i] = 1 }
    }
    try advance(states: &states, tangents: &frames, step: step, trajectories: trajectories)
    frames.storage.withUnsafeBufferPointer {
      jacobians.update(from: $0.baseAddress!, count: n * n * trajectories.count)
    }
  }

  /// The explicit Jacobian `J_t` at `state` for one trajectory, obtained by advancing the
  /// identity through ``advance(states:tangents:step:trajectories:)``.
  ///
  /// Maps with a closed-form Jacobian may provide their own; tests compare the two.
  public func tangentJacobian(state: [Scalar], step: Int, trajectory: Int) throws -> Matrix<
    Scalar
  > {
    var s = Matrix(rows: stateDimension, columns: 1, storage: state)
    var q = Matrix<Scalar>.identity(dimension)
    try advance(states: &s, tangents: &q, step: step, trajectories: trajectory..<(trajectory + 1))
    return q
  }

  /// The state after one step from `state` (for finite differences and trajectory checks).
  public func nextState(state: [Scalar], step: Int, trajectory: Int) throws -> [Scalar] {
    var s = Matrix(rows: stateDimension, columns: 1, storage: state)
    var q = Matrix<Scalar>(rows: dimension, columns: 0)
    try advance(states: &s, tangents: &q, step: step, trajectories: trajectory..<(trajectory + 1))
    return s.storage
  }
}
