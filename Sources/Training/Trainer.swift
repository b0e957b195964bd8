import Foundation
import LinearAlgebra
import RecurrentNets

/// Trains a recurrent model on a ``SequenceDataset`` by backpropagation through time and
/// records, per epoch, losses, accuracy and the Lyapunov spectrum on fixed validation
/// sequences, writing everything to a ``RunFolder`` as it goes.
///
/// This file holds the session: starting or resuming, then the epochs in turn. The rest is
/// spread by concern: an epoch's batches and its end (`Trainer+Epoch.swift`), the order of
/// the batches (`+BatchSchedule`), the two-thread step (`+DataParallelStep`), validation
/// (`+Validation`), the spectrum (`+Spectrum`), the run's files (`+Checkpoints`) and the
/// repair of a folder an interruption left behind (`+Recovery`).
public struct Trainer<Scalar: BLASScalar>: Sendable {
  public let configuration: RunSpecification
  public let dataset: any SequenceDataset
  public let folder: RunFolder
  /// Called after each file of the run is written, with its URL; tests throw from it to leave
  /// the folder as a kill right after that write would.
  var afterWrite: (@Sendable (URL) throws -> Void)? = nil
  /// OpenBLAS's thread count while training: process-wide, set when ``run(resume:progress:shouldStop:epochFinished:notice:)``
  /// starts and left so; nil leaves it as it is. Each batch is split into two halves on two
  /// threads, so 1 (the default) uses two cores without oversubscribing them.
  public var blasThreads: Int? = 1

  public init(configuration: RunSpecification, dataset: any SequenceDataset, folder: RunFolder) {
    self.configuration = configuration
    self.dataset = dataset
    self.folder = folder
  }

  /// Runs (or, with `resume`, continues) training.
  ///
  /// Whatever an interruption left in the folder is sorted out first (see
  /// `Trainer+Recovery.swift`): the run resumes from its last finished epoch, or starts over
  /// when none finished.
  ///
  /// - Parameters:
  ///   - progress: called after every batch.
  ///   - shouldStop: polled between batches (signal handlers set it).
  ///   - epochFinished: called with each epoch's metrics once all its files are written (on
  ///     resume, first with those of the epochs finished before).
  ///   - notice: called with a sentence for each repair made to the folder.
  /// - Returns: the metrics of every epoch, epoch 0 (before training) first.
  /// - Throws: ``TrainingError`` when the loss diverges, on interrupt or when there is
  ///   nothing to resume; file errors.
  public func run(
    resume: Bool, progress: ((TrainingProgress) -> Void)? = nil,
    shouldStop: () -> Bool = { false }, epochFinished: ((EpochMetrics) -> Void)? = nil,
    notice: ((String) -> Void)? = nil
  ) throws -> [EpochMetrics] {
    let hooks = Hooks(progress: progress, epochFinished: epochFinished, notice: notice)
    switch configuration.network.architecture {
    case .rnn, .rnnRelu: return try run(RNNCell<Scalar>.self, resume, hooks, shouldStop)
    case .lstm: return try run(LSTMCell<Scalar>.self, resume, hooks, shouldStop)
    case .gru: return try run(GRUCell<Scalar>.self, resume, hooks, shouldStop)
    case .asrnn: return try run(ASRNNCell<Scalar>.self, resume, hooks, shouldStop)
    case .cornn: return try run(CoRNNCell<Scalar>.self, resume, hooks, shouldStop)
    case .lipschitz, .noisy:
      return try run(LipschitzCell<Scalar>.self, resume, hooks, shouldStop)
    case .lem: return try run(LEMCell<Scalar>.self, resume, hooks, shouldStop)
    }
  }

  /// The state that survives between epochs.
  struct State {
    var parameters: ModelParameters<Scalar>
    var optimizer: Optimizer<Scalar>
    var metrics: [EpochMetrics]
    var spectra: [[Double]]
  }

  /// The caller's reporting callbacks of ``run(resume:progress:shouldStop:epochFinished:notice:)``.
  struct Hooks {
    var progress: ((TrainingProgress) -> Void)?
    var epochFinished: ((EpochMetrics) -> Void)?
    var notice: ((String) -> Void)?
  }

  /// The session for one architecture: checks, the starting state, then the epochs that
  /// remain, each timed from the start of its first batch to its files written.
  func run<Cell: TrainableCell>(
    _: Cell.Type, _ resume: Bool, _ hooks: Hooks, _ shouldStop: () -> Bool
  ) throws -> [EpochMetrics] where Cell.Scalar == Scalar {
    let config = configuration
    if let blasThreads { BLASThreads.count = blasThreads }
    for split in [DataSplit.train, .validation] where dataset.count(split) == 0 {
      throw TrainingError.emptySplit(split.rawValue)
    }
    try checkMemory()
    var state = try startingState(resume: resume, Cell.self, hooks)
    let first = (state.metrics.last?.epoch ?? 0) + 1
    guard first <= config.epochs else { return state.metrics }
    for epoch in first...config.epochs {
      let start = Date()
      let lr = config.schedule.rate(config.learningRate, epoch: epoch)
      let trainLoss = try trainEpoch(
        epoch, lr: lr, start: start, Cell.self, &state, hooks, shouldStop)
      try finishEpoch(
        epoch, trainLoss: trainLoss, seconds: Date().timeIntervalSince(start), lr: lr,
        Cell.self, &state, hooks)
    }
    return state.metrics
  }

  /// The state training continues from: on resume, that of the last finished epoch (whose
  /// metrics are reported again); otherwise freshly initialized weights, validated and
  /// recorded as epoch 0 in a new folder.
  func startingState<Cell: TrainableCell>(resume: Bool, _: Cell.Type, _ hooks: Hooks) throws
    -> State
  where Cell.Scalar == Scalar {
    let config = configuration
    if let resumed = try prepareFolder(resume: resume, Cell.self, hooks) {
      try folder.writeConfiguration(config)
      try afterWrite?(folder.configuration)
      for finished in resumed.metrics { hooks.epochFinished?(finished) }
      return resumed
    }
    try folder.create()
    try folder.writeConfiguration(config)
    try afterWrite?(folder.configuration)
    let parameters = try ModelParameters<Scalar>(
      network: trainingNetwork, outputs: dataset.outputSize,
      initializer: Initializer(parsing: config.initializer), seed: config.seed)
    var state = State(
      parameters: parameters,
      optimizer: Optimizer(kind: config.optimizer, momentum: config.momentum), metrics: [],
      spectra: [])
    try finishEpoch(
      0, trainLoss: nil, seconds: 0, lr: config.learningRate, Cell.self, &state, hooks)
    return state
  }

  /// The network as trained: a Noisy RNN draws its noise from the run's seed.
  var trainingNetwork: NetworkDescription {
    var network = configuration.network
    if network.architecture == .noisy && network.hyperparameters.noiseSeed == nil {
      network.hyperparameters.noiseSeed = configuration.seed
    }
    return network
  }

  /// Refuses a network whose training would not fit in memory, before allocating it: the
  /// parameters, the gradients of the two half-batches and their sum, the optimizer's two
  /// moments and the encoded checkpoint (7 copies), plus the activations kept for
  /// backpropagation, about `batch x steps x layers x hiddenSize x (gates + 3)` values.
  func checkMemory() throws {
    let network = configuration.network
    let steps = Double(dataset.batch(.train, indices: [0], as: Scalar.self).steps)
    let activations =
      Double(configuration.batchSize) * steps * Double(network.layers)
      * Double(network.hiddenSize) * Double(network.architecture.inputBlocks + 3)
      * Double(MemoryLayout<Scalar>.size)
    try network.checkMemory(
      scalarBytes: MemoryLayout<Scalar>.size, copies: 7, extraBytes: activations,
      what: "training (weights, gradients, optimizer state, activations)")
  }
}
