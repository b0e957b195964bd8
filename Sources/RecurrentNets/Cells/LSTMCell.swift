import LinearAlgebra
import RealModule

/// PyTorch's `nn.LSTM` cell, gates stacked `i, f, g, o`:
/// `c' = f c + i g`, `h' = o tanh(c')`, with `i, f, o = sigmoid`, `g = tanh` of
/// `W_ih x + b_ih + W_hh h + b_hh`. State `[h, c]`.
///
/// With `T = tanh(c')`, `a = T o(1-o)` and `b = o (1 - T^2)`:
/// `dc'/dh = diag(c f(1-f)) W_f + diag(g i(1-i)) W_i + diag(i (1-g^2)) W_g`,
/// `dh'/dh = diag(a) W_o + diag(b) dc'/dh`, `dc'/dc = diag(f)`, `dh'/dc = diag(b f)`;
/// the input Jacobians are the same with `W_ih` in place of `W_hh`.
public struct LSTMCell<Scalar: BLASScalar>: RecurrentCell {
  /// `W_ih`, 4N x M.
  public var weightIH: Matrix<Scalar>
  /// `W_hh`, 4N x N.
  public var weightHH: Matrix<Scalar>
  /// `b_ih + b_hh`, 4N.
  public var bias: [Scalar]

  public init(weightIH: Matrix<Scalar>, weightHH: Matrix<Scalar>, bias: [Scalar]) {
    self.weightIH = weightIH
    self.weightHH = weightHH
    self.bias = bias
  }

  /// Gate activations (4N x B, rows i, f, g, o), the previous state `[h, c]` (shared with
  /// the caller's matrix, not copied) and tanh of the new c.
  public struct Cache {
    var gates: Matrix<Scalar>
    var previousState: Matrix<Scalar>
    var tanhC: Matrix<Scalar>
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
    var gates = affine(weightIH, input, weightHH, state, bias: bias)
    gates.apply(.sigmoid, rows: 0..<(2 * n))
    gates.apply(.tanh, rows: (2 * n)..<(3 * n))
    gates.apply(.sigmoid, rows: (3 * n)..<(4 * n))
    let columns = state.columns
    var tanhC = Matrix<Scalar>(rows: n, columns: columns)
    var next = Matrix<Scalar>(rows: 2 * n, columns: columns)
    do {
      // Spans: the loops run without per-element copy-on-write checks and vectorize.
      let gate = gates.storage.span
      let previous = state.storage.span
      var cNew = tanhC.storage.mutableSpan
      var out = next.storage.mutableSpan
      for b in 0..<columns {
        // Offsets fixed per column, so that every index is `offset + r` and the loop
        // vectorizes (indices formed as `k + n` with `k = 4 n b + r` kept it scalar).
        let (i, f, g) = (4 * n * b, 4 * n * b + n, 4 * n * b + 2 * n)
        let (cell, c) = (n * b, state.rows * b + n)
        for r in 0..<n {
          let value = gate[f + r] * previous[c + r] + gate[i + r] * gate[g + r]
          cNew[cell + r] = value
          out[2 * n * b + n + r] = value
        }
      }
    }
    tanhC.apply(.tanh)
    do {
      let gate = gates.storage.span
      let t = tanhC.storage.span
      var out = next.storage.mutableSpan
      for b in 0..<columns {
        for r in 0..<n { out[2 * n * b + r] = gate[4 * n * b + 3 * n + r] * t[n * b + r] }
      }
    }
    return (next, Cache(gates: gates, previousState: state, tanhC: tanhC))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func jacobians(
    _ cache: Cache, column b: Int, convention: StateConvention, state: inout Matrix<Scalar>,
    input: inout Matrix<Scalar>?
  ) {
    let n = hiddenSize
    var cf = [Scalar](repeating: 0, count: n)  // dc'/d(pre f)
    var ci = cf  // dc'/d(pre i)
    var cg = cf  // dc'/d(pre g)
    var ho = cf  // dh'/d(pre o)
    var hc = cf  // dh'/dc' = o (1 - T^2)
    var f = cf
    for r in 0..<n {
      let i = cache.gates[r, b]
      let fr = cache.gates[n + r, b]
      let g = cache.gates[2 * n + r, b]
      let o = cache.gates[3 * n + r, b]
      let t = cache.tanhC[r, b]
      f[r] = fr
      cf[r] = cache.previousState[n + r, b] * fr * (1 - fr)
      ci[r] = g * i * (1 - i)
      cg[r] = i * (1 - g * g)
      ho[r] = t * o * (1 - o)
      hc[r] = o * (1 - t * t)
    }
    let hf = zip(hc, cf).map(*)
    let hi = zip(hc, ci).map(*)
    let hg = zip(hc, cg).map(*)
    func fill(_ target: inout Matrix<Scalar>, _ w: Matrix<Scalar>) {
      target.addRowScaled(ho, w, sourceRow: 3 * n)
      target.addRowScaled(hf, w, sourceRow: n)
      target.addRowScaled(hi, w, sourceRow: 0)
      target.addRowScaled(hg, w, sourceRow: 2 * n)
      guard convention == .full else { return }
      target.addRowScaled(cf, w, sourceRow: n, rowOffset: n)
      target.addRowScaled(ci, w, sourceRow: 0, rowOffset: n)
      target.addRowScaled(cg, w, sourceRow: 2 * n, rowOffset: n)
    }
    state.zero()
    fill(&state, weightHH)
    if convention == .full {
      for r in 0..<n {
        state[r, n + r] = hc[r] * f[r]
        state[n + r, n + r] = f[r]
      }
    }
    if input != nil {
      input!.zero()
      fill(&input!, weightIH)
    }
  }
}
