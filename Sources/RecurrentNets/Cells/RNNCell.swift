import LinearAlgebra
import RealModule

/// The Elman RNN of PyTorch's `nn.RNN`: `h' = act(W_ih x + b_ih + W_hh h + b_hh)`.
///
/// Jacobians: `d h'/d h = diag(act'(a)) W_hh`, `d h'/d x = diag(act'(a)) W_ih`, with
/// `tanh' = 1 - h'^2` and `relu' = [a > 0]`.
public struct RNNCell<Scalar: BLASScalar>: RecurrentCell {
  /// The activation of `nn.RNN(nonlinearity:)`.
  public enum Nonlinearity: String, Sendable, Codable {
    case tanh
    case relu
  }

  /// `W_ih`, N x M.
  public var weightIH: Matrix<Scalar>
  /// `W_hh`, N x N.
  public var weightHH: Matrix<Scalar>
  /// `b_ih + b_hh` (PyTorch keeps two biases; only their sum enters the step).
  public var bias: [Scalar]
  public var nonlinearity: Nonlinearity

  public init(
    weightIH: Matrix<Scalar>, weightHH: Matrix<Scalar>, bias: [Scalar],
    nonlinearity: Nonlinearity = .tanh
  ) {
    self.weightIH = weightIH
    self.weightHH = weightHH
    self.bias = bias
    self.nonlinearity = nonlinearity
  }

  public var inputSize: Int { weightIH.columns }
  public var hiddenSize: Int { weightHH.rows }
  public var stateBlocks: Int { 1 }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func forward(
    state: Matrix<Scalar>, input: Matrix<Scalar>, step: Int, trajectories: Range<Int>
  ) -> (next: Matrix<Scalar>, cache: Matrix<Scalar>) {
    var h = affine(weightIH, input, weightHH, state, bias: bias)
    switch nonlinearity {
    case .tanh: h.apply(.tanh)
    case .relu: for i in h.storage.indices { h.storage[i] = max(0, h.storage[i]) }
    }
    return (h, h)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func jacobians(
    _ cache: Matrix<Scalar>, column: Int, convention: StateConvention,
    state: inout Matrix<Scalar>, input: inout Matrix<Scalar>?
  ) {
    let n = hiddenSize
    let d: [Scalar] = (0..<n).map { i in
      let h = cache[i, column]
      switch nonlinearity {
      case .tanh: return 1 - h * h
      case .relu: return h > 0 ? 1 : 0
      }
    }
    state.zero()
    state.addRowScaled(d, weightHH)
    if input != nil {
      input!.zero()
      input!.addRowScaled(d, weightIH)
    }
  }
}
