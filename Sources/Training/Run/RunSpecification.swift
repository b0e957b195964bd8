import LinearAlgebra
import RecurrentNets

/// Everything that determines a training run: the task and its data, the network, the
/// optimizer and schedule, the spectrum settings, the seed and the precision. Stored as
/// `config.json` in the run folder, so that a resumed run continues with the same settings;
/// ``TrainingRun`` trains from it, and ``TrainOptions`` builds it from `lyap train`'s options.
public struct RunSpecification: Codable, Equatable, Sendable {
  /// The task and the data it reads.
  public var task: TaskSpecification
  /// The scalar type training runs in (Float as PyTorch, or Double).
  public var precision: Precision = .float
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

  public init(
    task: TaskSpecification, precision: Precision = .float, network: NetworkDescription,
    initializer: String, optimizer: OptimizerKind,
    learningRate: Double, momentum: Double = 0, schedule: LearningRateSchedule = .constant,
    epochs: Int, batchSize: Int, dropout: Double = 0, clip: Double? = nil,
    loss: LossKind = .crossEntropy, seed: UInt64 = 0, spectrumEvery: Int = 1,
    spectrumBatch: Int = 10, spectrumSteps: Int = 100, spectrumWarmup: Int = 0,
    spectrumExponents: Int? = nil
  ) {
    self.task = task
    self.precision = precision
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
  }

  /// Checks the settings, naming the first bad value by its option name.
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

extension RunSpecification {
  private enum CodingKeys: String, CodingKey {
    case task, precision, network, initializer, optimizer, learningRate, momentum, schedule
    case epochs, batchSize, dropout, carryState, clip, loss, seed, spectrumEvery, spectrumBatch
    case spectrumSteps, producedBy, spectrumWarmup, spectrumExponents
  }

  /// Reads `config.json`, also as lyap 0.11 and earlier wrote it (the task a dictionary of
  /// strings holding the precision; the built-in signal drawn from the run's seed when no
  /// signal seed was recorded).
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    task = try c.decode(TaskSpecification.self, forKey: .task)
    if let precision = try c.decodeIfPresent(Precision.self, forKey: .precision) {
      self.precision = precision
    } else {
      let recorded = try? c.decode([String: String].self, forKey: .task)
      precision = recorded?["precision"].flatMap(Precision.init) ?? .float
    }
    network = try c.decode(NetworkDescription.self, forKey: .network)
    initializer = try c.decode(String.self, forKey: .initializer)
    optimizer = try c.decode(OptimizerKind.self, forKey: .optimizer)
    learningRate = try c.decode(Double.self, forKey: .learningRate)
    momentum = try c.decodeIfPresent(Double.self, forKey: .momentum) ?? 0
    schedule = try c.decodeIfPresent(LearningRateSchedule.self, forKey: .schedule) ?? .constant
    epochs = try c.decode(Int.self, forKey: .epochs)
    batchSize = try c.decode(Int.self, forKey: .batchSize)
    dropout = try c.decodeIfPresent(Double.self, forKey: .dropout) ?? 0
    carryState = try c.decodeIfPresent(Bool.self, forKey: .carryState) ?? false
    clip = try c.decodeIfPresent(Double.self, forKey: .clip)
    loss = try c.decodeIfPresent(LossKind.self, forKey: .loss) ?? .crossEntropy
    seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 0
    spectrumEvery = try c.decode(Int.self, forKey: .spectrumEvery)
    spectrumBatch = try c.decode(Int.self, forKey: .spectrumBatch)
    spectrumSteps = try c.decode(Int.self, forKey: .spectrumSteps)
    producedBy = try c.decodeIfPresent(String.self, forKey: .producedBy)
    spectrumWarmup = try c.decodeIfPresent(Int.self, forKey: .spectrumWarmup) ?? 0
    spectrumExponents = try c.decodeIfPresent(Int.self, forKey: .spectrumExponents)
    if task.kind == .signal, task.signal == nil, task.signalSeed == nil { task.signalSeed = seed }
  }
}
