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

  /// Builds the cells of `weights` (through ``TrainableCell``'s initializer, with the
  /// published hyperparameter defaults where the description leaves them unset).
  ///
  /// - Parameter noiseSeed: Noisy RNN only: switches the step's noise on, drawn from this
  ///   seed (spectra are deterministic by default).
  public init(_ weights: NetworkWeights<Scalar>, noiseSeed: UInt64? = nil) throws {
    let d = weights.description
    var hyper = d.hyperparameters.withDefaults(for: d.architecture)
    hyper.noiseSeed = noiseSeed
    func network<C: TrainableCell>(_: C.Type) -> RecurrentNetwork<C> where C.Scalar == Scalar {
      RecurrentNetwork(
        layers: (0..<d.layers).map { l in
          var parameters: [String: Matrix<Scalar>] = [:]
          for spec in d.architecture.parameterSpecs(
            hiddenSize: d.hiddenSize, inputSize: d.layerInputSize(l))
          {
            guard let t = weights.tensors[spec.tensorName(layer: l)] else { continue }
            parameters[spec.name] =
              t.shape.count == 2
              ? Matrix(rows: t.shape[0], columns: t.shape[1], rowMajor: t.data)
              : Matrix(rows: t.data.count, columns: 1, storage: t.data)
          }
          return C(architecture: d.architecture, parameters: parameters, hyperparameters: hyper)
        })
    }
    switch d.architecture {
    case .rnn, .rnnRelu: self = .rnn(network(RNNCell<Scalar>.self))
    case .lstm: self = .lstm(network(LSTMCell<Scalar>.self))
    case .gru: self = .gru(network(GRUCell<Scalar>.self))
    case .asrnn: self = .asrnn(network(ASRNNCell<Scalar>.self))
    case .cornn: self = .cornn(network(CoRNNCell<Scalar>.self))
    case .lipschitz, .noisy: self = .lipschitz(network(LipschitzCell<Scalar>.self))
    case .lem: self = .lem(network(LEMCell<Scalar>.self))
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
