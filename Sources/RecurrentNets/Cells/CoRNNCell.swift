import LinearAlgebra
import RealModule

/// The coupled oscillatory RNN of Rusch & Mishra (2021), state `[y, z]` (y is the output):
/// `z' = z + dt (tanh(W y + Wz z + V x + b) - gamma y - eps z)`, `y' = y + dt z'`.
///
/// With `t = tanh(W y + Wz z + V x + b)` and `D = diag(1 - t^2)`:
/// `dz'/dy = dt (D W - gamma I)`, `dz'/dz = (1 - dt eps) I + dt D Wz`, `dz'/dx = dt D V`,
/// and since `y' = y + dt z'`: `dy'/dy = (1 - dt^2 gamma) I + dt^2 D W`,
/// `dy'/dz = dt (1 - dt eps) I + dt^2 D Wz`, `dy'/dx = dt^2 D V`.
/// The ``StateConvention/hidden`` Jacobian is `dy'/dy` (z held fixed); the full one is
/// `[[dy'/dy, dy'/dz], [dz'/dy, dz'/dz]]`, whose determinant is `det(dz'/dz)`.
public struct CoRNNCell<Scalar: BLASScalar>: RecurrentCell {
  /// `V`, N x M.
  public var weightIH: Matrix<Scalar>
  /// `W`, N x N, acting on y.
  public var weightHH: Matrix<Scalar>
  /// `Wz`, N x N, acting on z.
  public var weightHZ: Matrix<Scalar>
  /// `b`, N.
  public var bias: [Scalar]
  /// Time step (paper's sMNIST value 0.042).
  public var dt: Scalar
  /// Restoring force gamma (paper's sMNIST value 2.7).
  public var gamma: Scalar
  /// Damping eps (paper's sMNIST value 4.7).
  public var eps: Scalar

  public init(
    weightIH: Matrix<Scalar>, weightHH: Matrix<Scalar>, weightHZ: Matrix<Scalar>,
    bias: [Scalar], dt: Scalar = 0.042, gamma: Scalar = 2.7, eps: Scalar = 4.7
  ) {
    self.weightIH = weightIH
    self.weightHH = weightHH
    self.weightHZ = weightHZ
    self.bias = bias
    self.dt = dt
    self.gamma = gamma
    self.eps = eps
  }

  /// `tanh(W y + Wz z + V x + b)`, N x B.
  public struct Cache {
    var activation: Matrix<Scalar>
  }

  public var inputSize: Int { weightIH.columns }
  public var hiddenSize: Int { weightHH.columns }
  public var stateBlocks: Int { 2 }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func forward(
    state: Matrix<Scalar>, input: Matrix<Scalar>, step: Int, trajectories: Range<Int>
  ) -> (next: Matrix<Scalar>, cache: Cache) {
    let n = hiddenSize
    var t = affine(weightIH, input, weightHH, state, bias: bias)
    multiplyRows(weightHZ, state, firstRow: n, into: &t, beta: 1)
    t.apply(.tanh)
    var next = Matrix<Scalar>(rows: 2 * n, columns: state.columns)
    for b in 0..<state.columns {
      for r in 0..<n {
        let tr = t[r, b]
        let y = state[r, b]
        let z = state[n + r, b]
        let zNew = z + dt * (tr - gamma * y - eps * z)
        next[r, b] = y + dt * zNew
        next[n + r, b] = zNew
      }
    }
    return (next, Cache(activation: t))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func jacobians(
    _ cache: Cache, column b: Int, convention: StateConvention, state: inout Matrix<Scalar>,
    input: inout Matrix<Scalar>?
  ) {
    let n = hiddenSize
    var zScale = [Scalar](repeating: 0, count: n)  // dt (1 - t^2): rows of dz'
    var yScale = zScale  // dt^2 (1 - t^2): rows of dy'
    for r in 0..<n {
      let t = cache.activation[r, b]
      zScale[r] = dt * (1 - t * t)
      yScale[r] = dt * zScale[r]
    }
    let damping = 1 - dt * eps
    state.zero()
    state.addRowScaled(yScale, weightHH)
    state.addDiagonal(1 - dt * dt * gamma, count: n)
    if convention == .full {
      state.addRowScaled(yScale, weightHZ, columnOffset: n)
      state.addRowScaled(zScale, weightHH, rowOffset: n)
      state.addRowScaled(zScale, weightHZ, rowOffset: n, columnOffset: n)
      for r in 0..<n {
        state[r, n + r] += dt * damping
        state[n + r, r] -= dt * gamma
        state[n + r, n + r] += damping
      }
    }
    if input != nil {
      input!.zero()
      input!.addRowScaled(yScale, weightIH)
      if convention == .full { input!.addRowScaled(zScale, weightIH, rowOffset: n) }
    }
  }
}
