import LinearAlgebra
import RealModule

/// PyTorch's `nn.GRU` cell, gates stacked `r, z, n`:
/// `r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)`, `z` alike,
/// `n = tanh(W_in x + b_in + r (W_hn h + b_hn))`, `h' = (1 - z) n + z h`.
///
/// With `u = (1-z)(1-n^2)`: `dh'/dh = diag(u r) W_hn + diag(u hn r(1-r)) W_hr
/// + diag((h - n) z(1-z)) W_hz + diag(z)`, where `hn = W_hn h + b_hn`;
/// `dh'/dx = diag(u) W_in + diag(u hn r(1-r)) W_ir + diag((h - n) z(1-z)) W_iz`.
public struct GRUCell<Scalar: BLASScalar>: RecurrentCell {
  /// `W_ih`, 3N x M.
  public var weightIH: Matrix<Scalar>
  /// `W_hh`, 3N x N.
  public var weightHH: Matrix<Scalar>
  /// `b_ih`, 3N (kept apart from `b_hh`: `b_hn` sits inside the reset product).
  public var biasIH: [Scalar]
  /// `b_hh`, 3N.
  public var biasHH: [Scalar]

  public init(
    weightIH: Matrix<Scalar>, weightHH: Matrix<Scalar>, biasIH: [Scalar], biasHH: [Scalar]
  ) {
    self.weightIH = weightIH
    self.weightHH = weightHH
    self.biasIH = biasIH
    self.biasHH = biasHH
  }

  /// Gates r, z, n (3N x B), `W_hn h + b_hn` (N x B) and the previous h.
  public struct Cache {
    var gates: Matrix<Scalar>
    var hiddenN: Matrix<Scalar>
    var previousH: Matrix<Scalar>
  }

  public var inputSize: Int { weightIH.columns }
  public var hiddenSize: Int { weightHH.columns }
  public var stateBlocks: Int { 1 }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func forward(
    state: Matrix<Scalar>, input: Matrix<Scalar>, step: Int, trajectories: Range<Int>
  ) -> (next: Matrix<Scalar>, cache: Cache) {
    let n = hiddenSize
    var gates = affine(weightIH, input, nil, state, bias: biasIH)
    let fromH = affine(weightHH, state, nil, state, bias: biasHH)
    let hiddenN = fromH.rows((2 * n)..<(3 * n))
    let columns = state.columns
    // Spans: the loops run without per-element copy-on-write checks and vectorize.
    do {
      let h = fromH.storage.span
      var g = gates.storage.mutableSpan
      for b in 0..<columns { for k in 0..<(2 * n) { g[3 * n * b + k] += h[3 * n * b + k] } }
    }
    gates.apply(.sigmoid, rows: 0..<(2 * n))
    do {
      let hn = hiddenN.storage.span
      var g = gates.storage.mutableSpan
      for b in 0..<columns {
        for k in 0..<n { g[3 * n * b + 2 * n + k] += g[3 * n * b + k] * hn[n * b + k] }
      }
    }
    gates.apply(.tanh, rows: (2 * n)..<(3 * n))
    var next = Matrix<Scalar>(rows: n, columns: columns)
    do {
      let g = gates.storage.span
      let h = state.storage.span
      var out = next.storage.mutableSpan
      for b in 0..<columns {
        for k in 0..<n {
          let z = g[3 * n * b + n + k]
          out[n * b + k] = (1 - z) * g[3 * n * b + 2 * n + k] + z * h[n * b + k]
        }
      }
    }
    return (next, Cache(gates: gates, hiddenN: hiddenN, previousH: state))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func jacobians(
    _ cache: Cache, column b: Int, convention: StateConvention, state: inout Matrix<Scalar>,
    input: inout Matrix<Scalar>?
  ) {
    let n = hiddenSize
    var u = [Scalar](repeating: 0, count: n)
    var ur = u
    var ureset = u
    var zgate = u
    var z = u
    for k in 0..<n {
      let r = cache.gates[k, b]
      let zk = cache.gates[n + k, b]
      let nn = cache.gates[2 * n + k, b]
      u[k] = (1 - zk) * (1 - nn * nn)
      ur[k] = u[k] * r
      ureset[k] = u[k] * cache.hiddenN[k, b] * r * (1 - r)
      zgate[k] = (cache.previousH[k, b] - nn) * zk * (1 - zk)
      z[k] = zk
    }
    state.zero()
    state.addRowScaled(ur, weightHH, sourceRow: 2 * n)
    state.addRowScaled(ureset, weightHH, sourceRow: 0)
    state.addRowScaled(zgate, weightHH, sourceRow: n)
    state.addDiagonal(z)
    if input != nil {
      input!.zero()
      input!.addRowScaled(u, weightIH, sourceRow: 2 * n)
      input!.addRowScaled(ureset, weightIH, sourceRow: 0)
      input!.addRowScaled(zgate, weightIH, sourceRow: n)
    }
  }
}
