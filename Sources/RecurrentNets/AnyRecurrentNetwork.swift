import LinearAlgebra
import Lyapunov
import TensorIO

/// A network of any architecture, chosen at run time (from a file or the command line).
public enum AnyRecurrentNetwork<Scalar: BLASScalar>: Sendable {
  case rnn(RecurrentNetwork<RNNCell<Scalar>>)
  case lstm(RecurrentNetwork<LSTMCell<Scalar>>)
  case gru(RecurrentNetwork<GRUCell<Scalar>>)
  case asrnn(RecurrentNetwork<ASRNNCell<Scalar>>)
  case cornn(RecurrentNetwork<CoRNNCell<Scalar>>)
  /// Lipschitz RNN, and Noisy RNN (with noise only when a noise seed is given).
  case lipschitz(RecurrentNetwork<LipschitzCell<Scalar>>)
  case lem(RecurrentNetwork<LEMCell<Scalar>>)

  /// Builds the cells of `weights`, with the published hyperparameter defaults where the
  /// description leaves them unset.
  ///
  /// - Parameter noiseSeed: Noisy RNN only: switches the step's noise on, drawn from this
  ///   seed (spectra are deterministic by default).
  public init(_ weights: NetworkWeights<Scalar>, noiseSeed: UInt64? = nil) throws {
    let d = weights.description
    let n = d.hiddenSize
    let h = d.hyperparameters.withDefaults(for: d.architecture)
    func s(_ value: Double?) -> Scalar { Scalar(value!) }
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
    case .asrnn:
      self = .asrnn(
        RecurrentNetwork(
          layers: layers.map { l in
            ASRNNCell(
              weightIH: matrix("weight_ih_l\(l)"), weightHH: matrix("weight_hh_l\(l)"),
              bias: vector("bias_l\(l)", n), eps: s(h.eps), gamma: s(h.gamma))
          }))
    case .cornn:
      self = .cornn(
        RecurrentNetwork(
          layers: layers.map { l in
            CoRNNCell(
              weightIH: matrix("weight_ih_l\(l)"), weightHH: matrix("weight_hh_l\(l)"),
              weightHZ: matrix("weight_hz_l\(l)"), bias: vector("bias_l\(l)", n), dt: s(h.dt),
              gamma: s(h.gamma), eps: s(h.eps))
          }))
    case .lipschitz, .noisy:
      let noise = noiseSeed.flatMap { seed in
        d.architecture == .noisy
          ? LipschitzCell<Scalar>.NoiseOptions(
            additive: s(h.noiseAdditive), multiplicative: s(h.noiseMultiplicative), seed: seed)
          : nil
      }
      self = .lipschitz(
        RecurrentNetwork(
          layers: layers.map { l in
            LipschitzCell(
              weightIH: matrix("weight_ih_l\(l)"), weightA: matrix("weight_a_l\(l)"),
              weightW: matrix("weight_w_l\(l)"), bias: vector("bias_l\(l)", n),
              beta: s(h.beta), gammaA: s(h.gammaA), gammaW: s(h.gammaW), dt: s(h.dt),
              alpha: s(h.alpha), noise: noise)
          }))
    case .lem:
      self = .lem(
        RecurrentNetwork(
          layers: layers.map { l in
            LEMCell(
              weightIH: matrix("weight_ih_l\(l)"), weightHH: matrix("weight_hh_l\(l)"),
              weightZY: matrix("weight_zy_l\(l)"), bias: vector("bias_l\(l)", 4 * n),
              dt: s(h.dt))
          }))
    }
  }

  /// The tangent dimension under `convention`.
  public func tangentSize(_ convention: StateConvention) -> Int {
    switch self {
    case .rnn(let net): return net.tangentSize(convention)
    case .lstm(let net): return net.tangentSize(convention)
    case .gru(let net): return net.tangentSize(convention)
    case .asrnn(let net): return net.tangentSize(convention)
    case .cornn(let net): return net.tangentSize(convention)
    case .lipschitz(let net): return net.tangentSize(convention)
    case .lem(let net): return net.tangentSize(convention)
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
    case .asrnn(let net): return try run(net)
    case .cornn(let net): return try run(net)
    case .lipschitz(let net): return try run(net)
    case .lem(let net): return try run(net)
    }
  }
}
