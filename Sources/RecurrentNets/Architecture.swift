/// The recurrent architectures LyapunovKit implements (DESIGN.md §4).
public enum Architecture: String, CaseIterable, Codable, Sendable {
  /// Elman RNN with tanh (`nn.RNN`).
  case rnn
  /// Elman RNN with ReLU (`nn.RNN(nonlinearity="relu")`).
  case rnnRelu = "rnn-relu"
  /// `nn.LSTM`.
  case lstm
  /// `nn.GRU`.
  case gru
  /// Antisymmetric RNN (Chang et al. 2019).
  case asrnn
  /// Coupled oscillatory RNN (Rusch & Mishra 2021).
  case cornn
  /// Lipschitz RNN (Erichson et al. 2021).
  case lipschitz
  /// Noisy RNN (Lim et al. 2021): the Lipschitz step with noise in training.
  case noisy
  /// Long Expressive Memory (Rusch et al. 2022).
  case lem

  /// State blocks per layer: 2 for `[h, c]` and `[y, z]`, else 1.
  public var stateBlocks: Int { self == .lstm || self == .cornn || self == .lem ? 2 : 1 }
}

/// Architecture hyperparameters; `nil` means the published default of the architecture.
public struct Hyperparameters: Codable, Equatable, Sendable {
  /// ASRNN and coRNN step size / damping eps.
  public var eps: Double?
  /// ASRNN diffusion and coRNN restoring-force gamma.
  public var gamma: Double?
  /// Time step of coRNN, Lipschitz, Noisy RNN and LEM.
  public var dt: Double?
  /// Lipschitz / Noisy RNN: skew-symmetric share beta (both A and W).
  public var beta: Double?
  /// Lipschitz / Noisy RNN: diagonal shift of A.
  public var gammaA: Double?
  /// Lipschitz / Noisy RNN: diagonal shift of W.
  public var gammaW: Double?
  /// Lipschitz / Noisy RNN: weight of the linear term A h.
  public var alpha: Double?
  /// Noisy RNN: additive noise level (used only when noise is switched on).
  public var noiseAdditive: Double?
  /// Noisy RNN: multiplicative noise level (used only when noise is switched on).
  public var noiseMultiplicative: Double?
  /// Noisy RNN: switches the noise on, drawn per (trajectory, step) from this seed. Training
  /// sets it; spectra leave it nil (deterministic) unless asked. Not stored in file metadata.
  public var noiseSeed: UInt64?

  public init(
    eps: Double? = nil, gamma: Double? = nil, dt: Double? = nil, beta: Double? = nil,
    gammaA: Double? = nil, gammaW: Double? = nil, alpha: Double? = nil,
    noiseAdditive: Double? = nil, noiseMultiplicative: Double? = nil, noiseSeed: UInt64? = nil
  ) {
    self.noiseSeed = noiseSeed
    self.eps = eps
    self.gamma = gamma
    self.dt = dt
    self.beta = beta
    self.gammaA = gammaA
    self.gammaW = gammaW
    self.alpha = alpha
    self.noiseAdditive = noiseAdditive
    self.noiseMultiplicative = noiseMultiplicative
  }

  /// These values with every unset one replaced by the published default of `architecture`:
  /// ASRNN eps 0.01, gamma 0.01 (Chang et al. 2019); coRNN dt 0.042, gamma 2.7, eps 4.7
  /// (Rusch & Mishra 2021, sMNIST); Lipschitz and Noisy RNN beta 0.75, gammaA = gammaW =
  /// 0.001, dt 0.03, alpha 1 (Erichson et al. 2021); Noisy RNN noise 0.05 additive, 0.02
  /// multiplicative; LEM dt 1 (Rusch et al. 2022). Other architectures have none.
  public func withDefaults(for architecture: Architecture) -> Hyperparameters {
    var h = self
    switch architecture {
    case .asrnn:
      h.eps = eps ?? 0.01
      h.gamma = gamma ?? 0.01
    case .cornn:
      h.dt = dt ?? 0.042
      h.gamma = gamma ?? 2.7
      h.eps = eps ?? 4.7
    case .lipschitz, .noisy:
      h.beta = beta ?? 0.75
      h.gammaA = gammaA ?? 0.001
      h.gammaW = gammaW ?? 0.001
      h.dt = dt ?? 0.03
      h.alpha = alpha ?? 1
      if architecture == .noisy {
        h.noiseAdditive = noiseAdditive ?? 0.05
        h.noiseMultiplicative = noiseMultiplicative ?? 0.02
      }
    case .lem:
      h.dt = dt ?? 1
    case .rnn, .rnnRelu, .lstm, .gru:
      break
    }
    return h
  }

  /// The names of the hyperparameters `architecture` reads (those it has defaults for).
  public static func names(usedBy architecture: Architecture) -> Set<String> {
    Set(Hyperparameters().withDefaults(for: architecture).named.compactMap { $1 == nil ? nil : $0 })
  }

  /// The values as strings by name, for safetensors metadata (only those that are set).
  public var metadata: [String: String] {
    var out: [String: String] = [:]
    for (name, value) in named { if let value { out[name] = "\(value)" } }
    return out
  }

  /// Reads the values present in safetensors metadata.
  public init(metadata: [String: String]) {
    self.init()
    eps = metadata["eps"].flatMap(Double.init)
    gamma = metadata["gamma"].flatMap(Double.init)
    dt = metadata["dt"].flatMap(Double.init)
    beta = metadata["beta"].flatMap(Double.init)
    gammaA = metadata["gammaA"].flatMap(Double.init)
    gammaW = metadata["gammaW"].flatMap(Double.init)
    alpha = metadata["alpha"].flatMap(Double.init)
    noiseAdditive = metadata["noiseAdditive"].flatMap(Double.init)
    noiseMultiplicative = metadata["noiseMultiplicative"].flatMap(Double.init)
  }

  /// Checks that every value `architecture` reads is finite, its time step positive and
  /// beta in [0, 1], naming the first bad one (a file's metadata is not checked by anyone
  /// else; values the architecture ignores, such as another tool's metadata, are left alone).
  public func validate(for architecture: Architecture) throws {
    let used = Self.names(usedBy: architecture)
    for (name, value) in named where used.contains(name) {
      if let value, !value.isFinite {
        throw NetworkError.invalidValue(name: name, value: "\(value)", hint: "must be finite")
      }
    }
    if used.contains("dt"), let dt, !(dt > 0) {
      throw NetworkError.invalidValue(
        name: "dt", value: "\(dt)", hint: "the time step must be positive")
    }
    if used.contains("beta"), let beta, !(beta >= 0 && beta <= 1) {
      throw NetworkError.invalidValue(
        name: "beta", value: "\(beta)", hint: "beta mixes two matrices and lies in [0, 1]")
    }
  }

  /// Every hyperparameter by name.
  public var named: [(String, Double?)] {
    [
      ("eps", eps), ("gamma", gamma), ("dt", dt), ("beta", beta), ("gammaA", gammaA),
      ("gammaW", gammaW), ("alpha", alpha), ("noiseAdditive", noiseAdditive),
      ("noiseMultiplicative", noiseMultiplicative),
    ]
  }
}
