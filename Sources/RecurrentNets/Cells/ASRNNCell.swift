import LinearAlgebra
import RealModule

/// The antisymmetric RNN of Chang et al. (2019): `h' = h + eps tanh(A h + V x + b)` with the
/// effective matrix `A = W - W^T - gamma I` (skew-symmetric part plus diffusion `-gamma I`).
///
/// With `t = tanh(A h + V x + b)`: `dh'/dh = I + diag(eps (1 - t^2)) A`,
/// `dh'/dx = diag(eps (1 - t^2)) V`.
///
/// `A` is formed once in `init` from `weightHH` and `gamma`; those two are therefore only set
/// through `init` (rebuild the cell to change them).
public struct ASRNNCell<Scalar: BLASScalar>: RecurrentCell {
  /// `V`, N x M.
  public var weightIH: Matrix<Scalar>
  /// `W`, N x N: the free parameter whose skew-symmetric part `W - W^T` enters the step.
  public private(set) var weightHH: Matrix<Scalar>
  /// `b`, N.
  public var bias: [Scalar]
  /// Step size eps (paper default 0.01).
  public var eps: Scalar
  /// Diffusion gamma (paper default 0.01).
  public private(set) var gamma: Scalar
  /// The effective recurrent matrix `A = W - W^T - gamma I`, N x N.
  public private(set) var effectiveHH: Matrix<Scalar>

  public init(
    weightIH: Matrix<Scalar>, weightHH: Matrix<Scalar>, bias: [Scalar], eps: Scalar = 0.01,
    gamma: Scalar = 0.01
  ) {
    precondition(weightHH.rows == weightHH.columns, "weightHH must be square")
    self.weightIH = weightIH
    self.weightHH = weightHH
    self.bias = bias
    self.eps = eps
    self.gamma = gamma
    let n = weightHH.rows
    var a = Matrix<Scalar>(rows: n, columns: n)
    for j in 0..<n {
      for i in 0..<n { a[i, j] = weightHH[i, j] - weightHH[j, i] }
      a[j, j] -= gamma
    }
    self.effectiveHH = a
  }

  /// `tanh(A h + V x + b)`, N x B.
  public struct Cache {
    var activation: Matrix<Scalar>
  }

  public var inputSize: Int { weightIH.columns }
  public var hiddenSize: Int { weightHH.rows }
  public var stateBlocks: Int { 1 }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func forward(
    state: Matrix<Scalar>, input: Matrix<Scalar>, step: Int, trajectories: Range<Int>
  ) -> (next: Matrix<Scalar>, cache: Cache) {
    let n = hiddenSize
    var t = affine(weightIH, input, effectiveHH, state, bias: bias)
    t.apply(.tanh)
    var next = Matrix<Scalar>(rows: n, columns: state.columns)
    for b in 0..<state.columns {
      for r in 0..<n {
        let tr = t[r, b]
        next[r, b] = state[r, b] + eps * tr
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
    let d: [Scalar] = (0..<n).map { r in
      let t = cache.activation[r, b]
      return eps * (1 - t * t)
    }
    state.zero()
    state.addRowScaled(d, effectiveHH)
    state.addDiagonal(1, count: n)
    if input != nil {
      input!.zero()
      input!.addRowScaled(d, weightIH)
    }
  }
}
