import RecurrentNets

/// Everything that determines a training run besides the data; stored as `config.json` in
/// the run folder so that `--resume` continues with the same settings.
public struct TrainingConfiguration: Codable, Equatable, Sendable {
  public var network: NetworkDescription
  /// Initializer text (`uniform:0.08`, ...).
  public var initializer: String
  public var optimizer: OptimizerKind
  public var learningRate: Double
  public var momentum: Double
  public var schedule: LearningRateSchedule
  public var epochs: Int
  public var batchSize: Int
  public var dropout: Double
  /// Stateful training: batches are contiguous streams and each batch starts from the
  /// previous batch's final states (reset every epoch), as in char-rnn.
  public var carryState: Bool = false
  /// Maximum global gradient norm; nil for no clipping.
  public var clip: Double?
  public var loss: LossKind
  public var seed: UInt64
  /// Compute the spectrum every this many epochs (0: never); epoch 0 is before training.
  public var spectrumEvery: Int
  /// Validation sequences the spectrum is computed on (always the first ones).
  public var spectrumBatch: Int
  /// Steps of those sequences used (at most the sequence length), after `spectrumWarmup`.
  public var spectrumSteps: Int
  /// The program (and version) that last wrote the run, e.g. `lyap 0.11.0 (commit 1a2b3c4)`;
  /// nil in runs written before it was recorded.
  public var producedBy: String?
  public var spectrumWarmup: Int
  /// Leading exponents kept (nil: the full hidden-state spectrum).
  public var spectrumExponents: Int?
  /// A description of the task and data, for the record.
  public var task: [String: String]

  public init(
    network: NetworkDescription, initializer: String, optimizer: OptimizerKind,
    learningRate: Double, momentum: Double = 0, schedule: LearningRateSchedule = .constant,
    epochs: Int, batchSize: Int, dropout: Double = 0, clip: Double? = nil,
    loss: LossKind = .crossEntropy, seed: UInt64 = 0, spectrumEvery: Int = 1,
    spectrumBatch: Int = 10, spectrumSteps: Int = 100, spectrumWarmup: Int = 0,
    spectrumExponents: Int? = nil, task: [String: String] = [:]
  ) {
    self.network = network
    self.initializer = initializer
    self.optimizer = optimizer
    self.learningRate = learningRate
    self.momentum = momentum
    self.schedule = schedule
    self.epochs = epochs
    self.batchSize = batchSize
    self.dropout = dropout
    self.clip = clip
    self.loss = loss
    self.seed = seed
    self.spectrumEvery = spectrumEvery
    self.spectrumBatch = spectrumBatch
    self.spectrumSteps = spectrumSteps
    self.spectrumWarmup = spectrumWarmup
    self.spectrumExponents = spectrumExponents
    self.task = task
  }

  /// Checks the options, naming the first bad one.
  public func validate() throws {
    func bad(_ name: String, _ value: Any, _ hint: String) -> NetworkError {
      .invalidValue(name: name, value: "\(value)", hint: hint)
    }
    try network.validate()
    guard epochs >= 1 else { throw bad("epochs", epochs, "train for at least 1 epoch") }
    guard batchSize >= 1 else { throw bad("batch-size", batchSize, "use at least 1") }
    guard learningRate > 0 && learningRate.isFinite else {
      throw bad("lr", learningRate, "the learning rate must be positive")
    }
    guard momentum >= 0 && momentum.isFinite else {
      throw bad("momentum", momentum, "use a finite momentum of at least 0 (0.9 is usual)")
    }
    guard dropout >= 0 && dropout < 1 else { throw bad("dropout", dropout, "use 0 <= p < 1") }
    if let clip, !(clip > 0 && clip.isFinite) {
      throw bad(
        "clip", clip, "the maximum gradient norm must be positive and finite (omit it to not clip)")
    }
    if momentum != 0 && optimizer != .sgd {
      throw bad(
        "momentum", momentum, "only sgd reads a momentum; drop it for \(optimizer.rawValue)")
    }
    guard spectrumEvery >= 0 else { throw bad("spectrum-every", spectrumEvery, "use 0 to skip") }
    guard spectrumBatch >= 1, spectrumSteps >= 1, spectrumWarmup >= 0 else {
      throw bad(
        "spectrum-batch/steps/warmup", "\(spectrumBatch)/\(spectrumSteps)/\(spectrumWarmup)",
        "use positive sizes")
    }
    if let k = spectrumExponents, k < 1 {
      throw bad("spectrum-exponents", k, "keep at least 1 exponent, or --spectrum-every 0 to skip")
    }
  }
}

/// One line of `metrics.jsonl`.
public struct EpochMetrics: Codable, Equatable, Sendable {
  public var epoch: Int
  /// Mean training loss over the epoch's batches (nats per prediction, or MSE/MAE).
  public var trainLoss: Double?
  public var validationLoss: Double
  /// Top-1 accuracy on the validation split (classification; nil for regression).
  public var validationAccuracy: Double?
  public var seconds: Double
  public var learningRate: Double
  /// Statistics of the spectrum after this epoch (if computed); a statistic that is
  /// -infinity (no finite exponent) is nil (null in metrics.jsonl). `infiniteCount` counts
  /// the exponents that are -infinity (annihilated directions), left out of the others.
  public var spectrum: [String: Double?]?
  /// Why the spectrum could not be computed this epoch (its spectra.npy row is NaN).
  public var spectrumError: String?
}
