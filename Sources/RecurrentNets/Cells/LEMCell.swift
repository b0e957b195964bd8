import LinearAlgebra
import RealModule

/// Long Expressive Memory of Rusch et al. (2022), state `[y, z]` (y is the output):
/// `dt1 = dt sigmoid(W1 y + V1 x + b1)`, `dt2 = dt sigmoid(W2 y + V2 x + b2)`,
/// `z' = (1 - dt1) z + dt1 tanh(Wz y + Vz x + bz)`,
/// `y' = (1 - dt2) y + dt2 tanh(Wy z' + Vy x + by)`.
/// Parameters are stacked as in the authors' code: `weightIH` rows `V1, V2, Vz, Vy`,
/// `weightHH` rows `W1, W2, Wz`, `bias` `b1, b2, bz, by`.
///
/// With `s1, s2` the sigmoids, `tz = tanh(Wz y + ...)`, `ty = tanh(Wy z' + ...)`,
/// `a1 = dt s1(1-s1) (tz - z)`, `az = dt1 (1 - tz^2)`, `a2 = dt s2(1-s2) (ty - y)` and
/// `g = dt2 (1 - ty^2)`:
/// `dz'/dy = diag(a1) W1 + diag(az) Wz`, `dz'/dz = diag(1 - dt1)`,
/// `dz'/dx = diag(a1) V1 + diag(az) Vz`,
/// `dy'/dy = diag(1 - dt2) + diag(a2) W2 + diag(g) Wy dz'/dy`,
/// `dy'/dz = diag(g) Wy diag(1 - dt1)`,
/// `dy'/dx = diag(a2) V2 + diag(g) (Vy + Wy dz'/dx)`.
/// The ``StateConvention/hidden`` Jacobian is `dy'/dy` (z held fixed, z' still moves with y);
/// the full one is `[[dy'/dy, dy'/dz], [dz'/dy, dz'/dz]]`. The products with `Wy` are one
/// GEMM each (N x N x N, and N x N x M for the input Jacobian).
public struct LEMCell<Scalar: BLASScalar>: RecurrentCell {
  /// `[V1; V2; Vz; Vy]`, 4N x M.
  public var weightIH: Matrix<Scalar>
  /// `[W1; W2; Wz]`, 3N x N.
  public var weightHH: Matrix<Scalar>
  /// `Wy`, N x N, acting on the new z.
  public var weightZY: Matrix<Scalar>
  /// `[b1; b2; bz; by]`, 4N.
  public var bias: [Scalar]
  /// Maximal time step dt (default 1).
  public var dt: Scalar

  public init(
    weightIH: Matrix<Scalar>, weightHH: Matrix<Scalar>, weightZY: Matrix<Scalar>,
    bias: [Scalar], dt: Scalar = 1
  ) {
    self.weightIH = weightIH
    self.weightHH = weightHH
    self.weightZY = weightZY
    self.bias = bias
    self.dt = dt
  }

  /// Activations `s1, s2, tz, ty` (4N x B rows in that order) and the previous state
  /// `[y; z]` (2N x B).
  public struct Cache {
    var gates: Matrix<Scalar>
    var previous: Matrix<Scalar>
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
    let columns = state.columns
    // 4N x B: V x + b; then the first 3N rows get W y.
    var gates = affine(weightIH, input, nil, state, bias: bias)
    var fromY = Matrix<Scalar>(rows: 3 * n, columns: columns)
    multiplyRows(weightHH, state, firstRow: 0, into: &fromY, beta: 0)
    for b in 0..<columns { for r in 0..<(3 * n) { gates[r, b] += fromY[r, b] } }
    gates.apply(.sigmoid, rows: 0..<(2 * n))
    gates.apply(.tanh, rows: (2 * n)..<(3 * n))
    var next = Matrix<Scalar>(rows: 2 * n, columns: columns)
    var zNew = Matrix<Scalar>(rows: n, columns: columns)
    for b in 0..<columns {
      for r in 0..<n {
        let dt1 = dt * gates[r, b]
        let z = (1 - dt1) * state[n + r, b] + dt1 * gates[2 * n + r, b]
        zNew[r, b] = z
        next[n + r, b] = z
      }
    }
    var fromZ = Matrix<Scalar>(rows: n, columns: columns)
    multiply(weightZY, zNew, into: &fromZ)
    for b in 0..<columns { for r in 0..<n { gates[3 * n + r, b] += fromZ[r, b] } }
    gates.apply(.tanh, rows: (3 * n)..<(4 * n))
    for b in 0..<columns {
      for r in 0..<n {
        let dt2 = dt * gates[n + r, b]
        next[r, b] = (1 - dt2) * state[r, b] + dt2 * gates[3 * n + r, b]
      }
    }
    return (next, Cache(gates: gates, previous: state))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func jacobians(
    _ cache: Cache, column b: Int, convention: StateConvention, state: inout Matrix<Scalar>,
    input: inout Matrix<Scalar>?
  ) {
    let n = hiddenSize
    let m = inputSize
    var a1 = [Scalar](repeating: 0, count: n)  // dz'/d(pre 1)
    var az = a1  // dz'/d(pre z)
    var a2 = a1  // dy'/d(pre 2)
    var g = a1  // dy'/d(pre y)
    var keepZ = a1  // 1 - dt1
    var keepY = a1  // 1 - dt2
    for r in 0..<n {
      let s1 = cache.gates[r, b]
      let s2 = cache.gates[n + r, b]
      let tz = cache.gates[2 * n + r, b]
      let ty = cache.gates[3 * n + r, b]
      let y = cache.previous[r, b]
      let z = cache.previous[n + r, b]
      let dt1 = dt * s1
      let dt2 = dt * s2
      a1[r] = dt * s1 * (1 - s1) * (tz - z)
      az[r] = dt1 * (1 - tz * tz)
      a2[r] = dt * s2 * (1 - s2) * (ty - y)
      g[r] = dt2 * (1 - ty * ty)
      keepZ[r] = 1 - dt1
      keepY[r] = 1 - dt2
    }
    // dz'/dy, then Wy dz'/dy.
    var dzdy = Matrix<Scalar>(rows: n, columns: n)
    dzdy.addRowScaled(a1, weightHH, sourceRow: 0)
    dzdy.addRowScaled(az, weightHH, sourceRow: 2 * n)
    var product = Matrix<Scalar>(rows: n, columns: n)
    multiply(weightZY, dzdy, into: &product)
    state.zero()
    state.addRowScaled(a2, weightHH, sourceRow: n)
    state.addRowScaled(g, product)
    state.addDiagonal(keepY)
    if convention == .full {
      // dy'/dz = diag(g) Wy diag(1 - dt1): scale rows by g and columns by 1 - dt1.
      for j in 0..<n {
        let c = keepZ[j]
        for i in 0..<n { state[i, n + j] = g[i] * weightZY[i, j] * c }
      }
      state.addRowScaled(a1, weightHH, sourceRow: 0, rowOffset: n)
      state.addRowScaled(az, weightHH, sourceRow: 2 * n, rowOffset: n)
      state.addDiagonal(keepZ, offset: n)
    }
    if input != nil {
      var dzdx = Matrix<Scalar>(rows: n, columns: m)
      dzdx.addRowScaled(a1, weightIH, sourceRow: 0)
      dzdx.addRowScaled(az, weightIH, sourceRow: 2 * n)
      var productX = Matrix<Scalar>(rows: n, columns: m)
      multiply(weightZY, dzdx, into: &productX)
      input!.zero()
      input!.addRowScaled(a2, weightIH, sourceRow: n)
      input!.addRowScaled(g, weightIH, sourceRow: 3 * n)
      input!.addRowScaled(g, productX)
      if convention == .full {
        input!.addRowScaled(a1, weightIH, sourceRow: 0, rowOffset: n)
        input!.addRowScaled(az, weightIH, sourceRow: 2 * n, rowOffset: n)
      }
    }
  }
}
