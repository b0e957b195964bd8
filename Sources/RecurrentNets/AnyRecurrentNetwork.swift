import LinearAlgebra
import Lyapunov
import TensorIO

/// A network of any architecture, chosen at run time (from a file or the command line).
public enum AnyRecurrentNetwork<Scalar: BLASScalar>: Sendable {
  case rnn(RecurrentNetwork<RNNCell<Scalar>>)
  case lstm(RecurrentNetwork<LSTMCell<Scalar>>)
  case gru(RecurrentNetwork<GRUCell<Scalar>>)

  /// Builds the cells of `weights`.
  public init(_ weights: NetworkWeights<Scalar>) throws {
    let d = weights.description
    let n = d.hiddenSize
    func matrix(_ name: String) -> Matrix<Scalar> {
      let t = weights.tensors[name]!
      return Matrix(rows: t.shape[0], columns: t.shape[1], rowMajor: t.data)
    }
    func vector(_ name: String, _ count: Int) -> [Scalar] {
      weights.tensors[name]?.data ?? Array(repeating: 0, count: count)
    }
    let layers = 0..<d.layers
    switch d.architecture {
    case .rnn, .rnnRelu:
      self = .rnn(
        RecurrentNetwork(
          layers: layers.map { l in
            RNNCell(
              weightIH: matrix("weight_ih_l\(l)"), weightHH: matrix("weight_hh_l\(l)"),
              bias: zip(vector("bias_ih_l\(l)", n), vector("bias_hh_l\(l)", n)).map(+),
              nonlinearity: d.architecture == .rnn ? .tanh : .relu)
          }))
    case .lstm:
      self = .lstm(
        RecurrentNetwork(
          layers: layers.map { l in
            LSTMCell(
              weightIH: matrix("weight_ih_l\(l)"), weightHH: matrix("weight_hh_l\(l)"),
              bias: zip(vector("bias_ih_l\(l)", 4 * n), vector("bias_hh_l\(l)", 4 * n)).map(+))
          }))
    case .gru:
      self = .gru(
        RecurrentNetwork(
          layers: layers.map { l in
            GRUCell(
              weightIH: matrix("weight_ih_l\(l)"), weightHH: matrix("weight_hh_l\(l)"),
              biasIH: vector("bias_ih_l\(l)", 3 * n), biasHH: vector("bias_hh_l\(l)", 3 * n))
          }))
    default:
      throw NetworkError.unknownArchitecture(d.architecture.rawValue)
    }
  }

  /// The tangent dimension under `convention`.
  public func tangentSize(_ convention: StateConvention) -> Int {
    switch self {
    case .rnn(let net): return net.tangentSize(convention)
    case .lstm(let net): return net.tangentSize(convention)
    case .gru(let net): return net.tangentSize(convention)
    }
  }

  /// The Lyapunov spectrum of the network driven by `inputs` (`[batch, steps, features]`
  /// C order), from zero initial states.
  public func spectrum(
    inputs: [Scalar], batch: Int, steps: Int, convention: StateConvention,
    estimator: LyapunovEstimator, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> LyapunovSpectrum {
    func run<C: RecurrentCell>(_ network: RecurrentNetwork<C>) throws -> LyapunovSpectrum
    where C.Scalar == Scalar {
      try estimator.run(
        RecurrentNetworkMap(
          network: network, inputs: inputs, batch: batch, steps: steps, convention: convention),
        progress: progress)
    }
    switch self {
    case .rnn(let net): return try run(net)
    case .lstm(let net): return try run(net)
    case .gru(let net): return try run(net)
    }
  }
}
