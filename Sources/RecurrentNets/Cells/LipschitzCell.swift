import LinearAlgebra
import RealModule

/// The Lipschitz RNN of Erichson et al. (2021), and with ``noise`` the Noisy RNN of Lim et al.
/// (2021): one struct serves both architectures.
///
/// The effective matrices `A = (1-beta)(MA + MA^T) + beta(MA - MA^T) - gammaA I` and
/// `W = (1-beta)(MW + MW^T) + beta(MW - MW^T) - gammaW I` are formed once in `init` (so
/// `weightA`, `weightW`, `beta`, `gammaA` and `gammaW` are only set through `init`). The step
/// is the Euler step `h' = h + dt (alpha A h + tanh(W h + U x + b))`.
///
/// With noise on (``isNoisy``), the step is Euler-Maruyama:
/// `h' = h + dt f(h, x) + sqrt(dt) (sigma_a xi + sigma_m h * xi')`, where `xi` and then `xi'`
/// (N standard normal values each) are drawn from
/// `SeededGenerator(seed: noise.seed, stream: trajectory, step)`, so the noise of a given
/// trajectory and step is reproducible and independent of the batch it runs in. `nil` noise
/// (the default) is the deterministic Lipschitz RNN, which is what spectra use unless asked.
///
/// With `t = tanh(W h + U x + b)`:
/// `dh'/dh = I + dt alpha A + diag(dt (1 - t^2)) W + diag(sqrt(dt) sigma_m xi')`,
/// `dh'/dx = diag(dt (1 - t^2)) U` (the noise term is absent without noise).
public struct LipschitzCell<Scalar: BLASScalar>: RecurrentCell {
  /// The Noisy RNN's noise levels and seed.
  public struct NoiseOptions: Sendable, Hashable, Codable {
    /// Additive noise level sigma_a.
    public var additive: Scalar
    /// Multiplicative noise level sigma_m.
    public var multiplicative: Scalar
    /// Seed of the per-(trajectory, step) noise streams.
    public var seed: UInt64

    public init(additive: Scalar, multiplicative: Scalar, seed: UInt64) {
      self.additive = additive
      self.multiplicative = multiplicative
      self.seed = seed
    }
  }

  /// `U`, N x M.
  public var weightIH: Matrix<Scalar>
  /// `MA`, N x N: the free parameter behind `A`.
  public private(set) var weightA: Matrix<Scalar>
  /// `MW`, N x N: the free parameter behind `W`.
  public private(set) var weightW: Matrix<Scalar>
  /// `b`, N.
  public var bias: [Scalar]
  /// Skew-symmetric share beta of both `A` and `W` (paper default 0.75).
  public private(set) var beta: Scalar
  /// Diagonal shift gammaA of `A` (default 0.001).
  public private(set) var gammaA: Scalar
  /// Diagonal shift gammaW of `W` (default 0.001).
  public private(set) var gammaW: Scalar
  /// Time step (default 0.03).
  public var dt: Scalar
  /// Weight of the linear term `A h` (default 1).
  public var alpha: Scalar
  /// Noise of the Noisy RNN; `nil` (default) for the deterministic Lipschitz RNN.
  public var noise: NoiseOptions?
  /// The effective linear matrix `A`, N x N.
  public private(set) var effectiveA: Matrix<Scalar>
  /// The effective recurrent matrix `W` inside the tanh, N x N.
  public private(set) var effectiveW: Matrix<Scalar>

  public init(
    weightIH: Matrix<Scalar>, weightA: Matrix<Scalar>, weightW: Matrix<Scalar>, bias: [Scalar],
    beta: Scalar = 0.75, gammaA: Scalar = 0.001, gammaW: Scalar = 0.001, dt: Scalar = 0.03,
    alpha: Scalar = 1, noise: NoiseOptions? = nil
  ) {
    precondition(weightA.rows == weightA.columns, "weightA must be square")
    precondition(weightW.rows == weightW.columns, "weightW must be square")
    self.weightIH = weightIH
    self.weightA = weightA
    self.weightW = weightW
    self.bias = bias
    self.beta = beta
    self.gammaA = gammaA
    self.gammaW = gammaW
    self.dt = dt
    self.alpha = alpha
    self.noise = noise
    self.effectiveA = Self.effective(weightA, beta: beta, gamma: gammaA)
    self.effectiveW = Self.effective(weightW, beta: beta, gamma: gammaW)
  }

  /// `(1-beta)(M + M^T) + beta(M - M^T) - gamma I`.
  static func effective(_ m: Matrix<Scalar>, beta: Scalar, gamma: Scalar) -> Matrix<Scalar> {
    let n = m.rows
    var out = Matrix<Scalar>(rows: n, columns: n)
    for j in 0..<n {
      for i in 0..<n {
        out[i, j] = (1 - beta) * (m[i, j] + m[j, i]) + beta * (m[i, j] - m[j, i])
      }
      out[j, j] -= gamma
    }
    return out
  }

  /// True when the step draws noise (``noise`` set with a non-zero level).
  public var isNoisy: Bool {
    guard let noise else { return false }
    return noise.additive != 0 || noise.multiplicative != 0
  }

  /// `tanh(W h + U x + b)` (N x B) and, with noise, the multiplicative draws `xi'` (N x B).
  public struct Cache {
    var activation: Matrix<Scalar>
    var multiplicativeNoise: Matrix<Scalar>?
  }

  public var inputSize: Int { weightIH.columns }
  public var hiddenSize: Int { weightA.rows }
  public var stateBlocks: Int { 1 }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func forward(
    state: Matrix<Scalar>, input: Matrix<Scalar>, step: Int, trajectories: Range<Int>
  ) -> (next: Matrix<Scalar>, cache: Cache) {
    let n = hiddenSize
    var t = affine(weightIH, input, effectiveW, state, bias: bias)
    t.apply(.tanh)
    var next = Matrix<Scalar>(rows: n, columns: state.columns)
    multiplyRows(effectiveA, state, firstRow: 0, into: &next, beta: 0)
    let scale = dt * alpha
    for b in 0..<state.columns {
      for r in 0..<n {
        let tr = t[r, b]
        next[r, b] = state[r, b] + (scale * next[r, b] + dt * tr)
      }
    }
    var multiplicative: Matrix<Scalar>? = nil
    if isNoisy, let noise {
      var xiM = Matrix<Scalar>(rows: n, columns: state.columns)
      let root = dt.squareRoot()
      for b in 0..<state.columns {
        var g = SeededGenerator(seed: noise.seed, stream: trajectories.lowerBound + b, step)
        let xiA = (0..<n).map { _ in Scalar(g.nextNormal()) }
        for r in 0..<n { xiM[r, b] = Scalar(g.nextNormal()) }
        for r in 0..<n {
          next[r, b] +=
            root * (noise.additive * xiA[r] + noise.multiplicative * state[r, b] * xiM[r, b])
        }
      }
      multiplicative = xiM
    }
    return (next, Cache(activation: t, multiplicativeNoise: multiplicative))
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
      return dt * (1 - t * t)
    }
    state.zero()
    state.addRowScaled([Scalar](repeating: dt * alpha, count: n), effectiveA)
    state.addRowScaled(d, effectiveW)
    if let xiM = cache.multiplicativeNoise, let noise {
      let scale = dt.squareRoot() * noise.multiplicative
      state.addDiagonal((0..<n).map { 1 + scale * xiM[$0, b] })
    } else {
      state.addDiagonal(1, count: n)
    }
    if input != nil {
      input!.zero()
      input!.addRowScaled(d, weightIH)
    }
  }
}
