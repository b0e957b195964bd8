import Dispatch
import Foundation
import LinearAlgebra
import Lyapunov
import RecurrentNets
import TensorIO

/// Progress of a run, reported after every batch.
public struct TrainingProgress: Sendable {
  public var epoch: Int
  public var batch: Int
  public var batches: Int
  /// Running mean of the epoch's training loss.
  public var loss: Double
  /// Input steps processed per second in this epoch (characters, rows, frames).
  public var stepsPerSecond: Double
  /// Sequences (images) processed per second in this epoch.
  public var sequencesPerSecond: Double
}

/// Trains a recurrent model on a ``SequenceDataset`` by backpropagation through time and
/// records, per epoch, losses, accuracy and the Lyapunov spectrum on fixed validation
/// sequences, writing everything to a ``RunFolder`` as it goes.
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

  public init(configuration: RunSpecification, dataset: any SequenceDataset, folder: RunFolder)
  {
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

  /// The caller's reporting callbacks of ``run(resume:progress:shouldStop:epochFinished:)``.
  struct Hooks {
    var progress: ((TrainingProgress) -> Void)?
    var epochFinished: ((EpochMetrics) -> Void)?
    var notice: ((String) -> Void)?
  }

  func run<Cell: TrainableCell>(
    _: Cell.Type, _ resume: Bool, _ hooks: Hooks, _ shouldStop: () -> Bool
  ) throws -> [EpochMetrics] where Cell.Scalar == Scalar {
    let config = configuration
    if let blasThreads { BLASThreads.count = blasThreads }
    for split in [DataSplit.train, .validation] where dataset.count(split) == 0 {
      throw TrainingError.emptySplit(split.rawValue)
    }
    try checkMemory()
    var state: State
    if let resumed = try prepareFolder(resume: resume, Cell.self, hooks) {
      state = resumed
      try folder.writeConfiguration(config)
      try afterWrite?(folder.configuration)
      for finished in state.metrics { hooks.epochFinished?(finished) }
    } else {
      try folder.create()
      try folder.writeConfiguration(config)
      try afterWrite?(folder.configuration)
      let parameters = try ModelParameters<Scalar>(
        network: trainingNetwork, outputs: dataset.outputSize,
        initializer: Initializer(parsing: config.initializer), seed: config.seed)
      state = State(
        parameters: parameters,
        optimizer: Optimizer(kind: config.optimizer, momentum: config.momentum), metrics: [],
        spectra: [])
      try finishEpoch(
        0, trainLoss: nil, seconds: 0, lr: config.learningRate, Cell.self, &state, hooks)
    }
    let first = (state.metrics.last?.epoch ?? 0) + 1
    guard first <= config.epochs else { return state.metrics }
    for epoch in first...config.epochs {
      let start = Date()
      let lr = config.schedule.rate(config.learningRate, epoch: epoch)
      let batches: [[Int]]
      if config.carryState {
        batches = Self.streamBatches(count: dataset.count(.train), streams: config.batchSize)
      } else {
        var order = Array(0..<dataset.count(.train))
        var shuffler = SeededGenerator(seed: config.seed, stream: 1, epoch)
        order.shuffleStably(using: &shuffler)
        batches = stride(from: 0, to: order.count, by: config.batchSize).map {
          Array(order[$0..<min(order.count, $0 + config.batchSize)])
        }
      }
      var carried: [Matrix<Scalar>]? = nil
      // Pooled over every prediction of the epoch, as validation is (a narrower last batch
      // weighs by its size, not as much as a full one).
      var total = SequenceModel<Cell>.Evaluation()
      var sequences = 0
      for (index, indices) in batches.enumerated() {
        if shouldStop() {
          throw TrainingError.interrupted(epoch: epoch, lastCheckpoint: epoch - 1)
        }
        var evaluation = trainingStep(
          SequenceModel<Cell>(state.parameters), indices: indices, epoch: epoch, batch: index,
          initialStates: Self.carriedStates(carried, columns: indices.count))
        if config.carryState { carried = evaluation.finalStates }
        guard evaluation.meanLoss.isFinite else {
          throw TrainingError.nonFiniteLoss(
            epoch: epoch, batch: index, lastCheckpoint: epoch - 1)
        }
        if let clip = config.clip { clipGlobalNorm(&evaluation.gradients, maxNorm: clip) }
        state.optimizer.update(
          &state.parameters.values, gradients: evaluation.gradients, lr: lr)
        total.lossSum += evaluation.lossSum
        total.count += evaluation.count
        total.inputSteps += evaluation.inputSteps
        sequences += indices.count
        let elapsed = max(1e-9, Date().timeIntervalSince(start))
        hooks.progress?(
          TrainingProgress(
            epoch: epoch, batch: index + 1, batches: batches.count,
            loss: total.meanLoss,
            stepsPerSecond: Double(total.inputSteps) / elapsed,
            sequencesPerSecond: Double(sequences) / elapsed
          ))
      }
      try finishEpoch(
        epoch, trainLoss: total.meanLoss,
        seconds: Date().timeIntervalSince(start), lr: lr, Cell.self, &state, hooks)
    }
    return state.metrics
  }

  /// Loss and gradients of one training batch. The batch is always split into two halves
  /// evaluated on two threads (single-threaded BLAS each) and combined by their counts, so
  /// results do not depend on the number of cores; each half draws its own dropout stream.
  func trainingStep<Cell: TrainableCell>(
    _ model: SequenceModel<Cell>, indices: [Int], epoch: Int, batch: Int,
    initialStates: [Matrix<Scalar>]?
  ) -> SequenceModel<Cell>.Evaluation where Cell.Scalar == Scalar {
    let cut = indices.count / 2
    let halves = indices.count > 1 ? [0..<cut, cut..<indices.count] : [0..<indices.count]
    var parts = [SequenceModel<Cell>.Evaluation?](repeating: nil, count: halves.count)
    let config = configuration
    let data = dataset
    parts.withUnsafeMutableBufferPointer { buffer in
      let slots = DisjointSlots(base: buffer.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: halves.count) { h in
        let batchData = data.batch(.train, indices: Array(indices[halves[h]]), as: Scalar.self)
        var generator = SeededGenerator(seed: config.seed, stream: 2, epoch, batch, h)
        slots.base[h] = model.evaluate(
          batchData, loss: config.loss, dropout: config.dropout, generator: &generator,
          gradients: true, initialStates: initialStates?.map { $0.columns(halves[h]) })
      }
    }
    var total = parts[0]!
    guard parts.count == 2, let second = parts[1] else { return total }
    let count = Double(total.count + second.count)
    let w1 = Scalar(Double(total.count) / count)
    let w2 = Scalar(Double(second.count) / count)
    for (name, g2) in second.gradients {
      var g = total.gradients[name]!
      for i in g.storage.indices { g.storage[i] = w1 * g.storage[i] + w2 * g2.storage[i] }
      total.gradients[name] = g
    }
    total.lossSum += second.lossSum
    total.count += second.count
    total.correct += second.correct
    total.inputSteps += second.inputSteps
    total.finalStates = zip(total.finalStates, second.finalStates).map {
      Matrix(rows: $0.rows, columns: $0.columns + $1.columns, storage: $0.storage + $1.storage)
    }
    return total
  }

  /// Validation, spectrum, metrics line and checkpoints at the end of `epoch`.
  func finishEpoch<Cell: TrainableCell>(
    _ epoch: Int, trainLoss: Double?, seconds: Double, lr: Double, _: Cell.Type,
    _ state: inout State, _ hooks: Hooks
  ) throws where Cell.Scalar == Scalar {
    let config = configuration
    let (validationLoss, accuracy) = validate(state.parameters, Cell.self)
    // Nothing of a diverged epoch is written: the folder keeps the last good one.
    guard validationLoss.isFinite else {
      throw TrainingError.nonFiniteValidationLoss(
        epoch: epoch, lastCheckpoint: state.metrics.last?.epoch)
    }
    var statistics: SpectrumStatistics?
    var spectrumError: String?
    if config.spectrumEvery > 0 && epoch % config.spectrumEvery == 0 {
      do {
        let result = try spectrum(state.parameters)
        state.spectra.append(result.exponents)
        statistics = result.statistics
      } catch let error as LyapunovError {
        // A diverging state or an overflowing tangent: record why, keep a row of NaN in
        // spectra.npy, and go on training. (Annihilated directions are -infinity exponents,
        // not errors.)
        spectrumError = "\(error)"
        state.spectra.append(Array(repeating: .nan, count: spectrumWidth))
      }
    }
    state.metrics.append(
      EpochMetrics(
        epoch: epoch, trainLoss: trainLoss, validationLoss: validationLoss,
        validationAccuracy: accuracy, seconds: seconds, learningRate: lr, spectrum: statistics,
        spectrumError: spectrumError))
    // The order `RunFolder+Recovery.swift` relies on: the metrics line last.
    try state.parameters.write(to: folder.checkpoint(epoch: epoch))
    try afterWrite?(folder.checkpoint(epoch: epoch))
    try saveOptimizer(state.optimizer, epoch: epoch)
    try afterWrite?(folder.optimizerState(epoch: epoch))
    let bestSoFar = state.metrics.map(\.validationLoss).min() ?? validationLoss
    if validationLoss <= bestSoFar {
      try state.parameters.write(to: folder.best, extraMetadata: ["epoch": "\(epoch)"])
      try afterWrite?(folder.best)
    }
    if !state.spectra.isEmpty {
      try folder.writeSpectra(state.spectra)
      try afterWrite?(folder.spectra)
    }
    try folder.writeMetrics(state.metrics)
    try afterWrite?(folder.metrics)
    if let finished = state.metrics.last { hooks.epochFinished?(finished) }
  }

  /// Mean loss and accuracy over the whole validation split, without dropout.
  func validate<Cell: TrainableCell>(_ parameters: ModelParameters<Scalar>, _: Cell.Type)
    -> (loss: Double, accuracy: Double?) where Cell.Scalar == Scalar
  {
    let model = SequenceModel<Cell>(parameters)
    let count = dataset.count(.validation)
    let batches =
      configuration.carryState
      ? Self.streamBatches(count: count, streams: configuration.batchSize)
      : stride(from: 0, to: count, by: configuration.batchSize).map {
        Array($0..<min(count, $0 + configuration.batchSize))
      }
    var total = SequenceModel<Cell>.Evaluation()
    var generator = SeededGenerator(seed: 0)
    var carried: [Matrix<Scalar>]? = nil
    for indices in batches {
      let batch = dataset.batch(.validation, indices: indices, as: Scalar.self)
      let e = model.evaluate(
        batch, loss: configuration.loss, dropout: 0, generator: &generator, gradients: false,
        initialStates: Self.carriedStates(carried, columns: indices.count))
      if configuration.carryState { carried = e.finalStates }
      total.lossSum += e.lossSum
      total.count += e.count
      total.correct += e.correct
    }
    let classification = dataset.targetKind != .valuesPerStep
    return (
      total.meanLoss,
      classification ? Double(total.correct) / Double(max(1, total.count)) : nil
    )
  }

  /// Batches for stateful training: the `count` windows are cut into `streams` contiguous
  /// runs (the first `count % streams` one window longer); batch k holds window k of every
  /// run that has one, so each column continues where the same column of batch k - 1
  /// stopped, and every window is used once. Only the last batch can be narrower, and its
  /// columns are the first ones of the batch before (see ``carriedStates(_:columns:)``).
  static func streamBatches(count: Int, streams: Int) -> [[Int]] {
    let b = min(streams, count)
    guard b > 0 else { return [] }
    let length = count / b
    let longer = count % b
    let start = { (s: Int) in s * length + min(s, longer) }
    return (0..<(length + (longer > 0 ? 1 : 0))).map { k in
      (0..<(k < length ? b : longer)).map { start($0) + k }
    }
  }

  /// The carried states for a batch of `columns` streams: the first columns of the last
  /// batch's final states (all of them but for a narrower last batch).
  static func carriedStates(_ states: [Matrix<Scalar>]?, columns: Int) -> [Matrix<Scalar>]? {
    guard let states, let first = states.first, first.columns != columns else { return states }
    return states.map { $0.columns(0..<columns) }
  }

  /// The network as trained: a Noisy RNN draws its noise from the run's seed.
  var trainingNetwork: NetworkDescription {
    var network = configuration.network
    if network.architecture == .noisy && network.hyperparameters.noiseSeed == nil {
      network.hyperparameters.noiseSeed = configuration.seed
    }
    return network
  }

  /// Exponents per spectrum: the requested number, at most the hidden tangent dimension.
  var spectrumWidth: Int {
    let n = configuration.network.hiddenSize * configuration.network.layers
    return min(configuration.spectrumExponents ?? n, n)
  }

  /// The spectrum of the recurrent part driven by the first validation sequences.
  public func spectrum(_ parameters: ModelParameters<Scalar>) throws -> LyapunovSpectrum {
    let config = configuration
    let b = min(config.spectrumBatch, dataset.count(.validation))
    guard b >= 1 else {
      throw NetworkError.invalidValue(
        name: "spectrum-batch", value: "\(config.spectrumBatch)",
        hint: "the validation split is empty")
    }
    let batch = dataset.batch(.validation, indices: Array(0..<b), as: Scalar.self)
    let total = min(batch.steps, config.spectrumWarmup + config.spectrumSteps)
    let warmup = min(config.spectrumWarmup, total - 1)
    let m = dataset.inputSize
    var inputs = [Scalar](repeating: 0, count: b * total * m)
    for t in 0..<total {
      for s in 0..<b {
        for i in 0..<m { inputs[(s * total + t) * m + i] = batch.inputs[t][i, s] }
      }
    }
    let network = try AnyRecurrentNetwork(parameters.networkWeights())
    let estimator = LyapunovEstimator(
      EstimatorConfiguration(
        batch: b, steps: total - warmup, warmup: warmup,
        exponents: spectrumWidth))
    return try network.spectrum(
      inputs: inputs, batch: b, steps: total, convention: .hidden, estimator: estimator)
  }

  /// Saves the optimizer's moments and step count beside the checkpoint of `epoch`.
  func saveOptimizer(_ optimizer: Optimizer<Scalar>, epoch: Int) throws {
    var tensors: [String: NDArray<Scalar>] = [:]
    for (name, m) in optimizer.first {
      tensors["first/" + name] = try NDArray(shape: [m.storage.count], data: m.storage)
    }
    for (name, m) in optimizer.second {
      tensors["second/" + name] = try NDArray(shape: [m.storage.count], data: m.storage)
    }
    try SafeTensorsFile(tensors: tensors, metadata: ["step": "\(optimizer.step)"]).write(
      to: folder.optimizerState(epoch: epoch))
  }

  /// The state after `epoch`, the last of the `finished` ones, from its checkpoint, optimizer
  /// state, metrics and spectra (repaired where needed). The checkpoint must fit the
  /// configuration and the data (a run resumed on other data would feed its weights inputs
  /// of the wrong size).
  func load<Cell: TrainableCell>(
    epoch: Int, finished: [EpochMetrics], _: Cell.Type, _ hooks: Hooks
  ) throws -> State where Cell.Scalar == Scalar {
    var (parameters, _) = try ModelParameters<Scalar>.read(folder.checkpoint(epoch: epoch))
    let saved = parameters.network
    let expected = trainingNetwork
    let mismatch: String? =
      if saved.architecture != expected.architecture || saved.layers != expected.layers
        || saved.hiddenSize != expected.hiddenSize
      {
        "a \(saved.layers)-layer \(saved.architecture.rawValue) of \(saved.hiddenSize) units, "
          + "config.json a \(expected.layers)-layer \(expected.architecture.rawValue) of "
          + "\(expected.hiddenSize)"
      } else if saved.inputSize != dataset.inputSize || parameters.outputs != dataset.outputSize {
        "\(saved.inputSize) inputs and \(parameters.outputs) outputs, the data "
          + "\(dataset.inputSize) and \(dataset.outputSize)"
      } else {
        nil
      }
    if let mismatch {
      throw TrainingError.checkpointMismatch(epoch: epoch, detail: mismatch)
    }
    parameters.network = expected
    var optimizer = Optimizer<Scalar>(
      kind: configuration.optimizer, momentum: configuration.momentum)
    let moments = try SafeTensorsFile<Scalar>.read(folder.optimizerState(epoch: epoch))
    optimizer.step = Int(moments.metadata["step"] ?? "0") ?? 0
    for (key, tensor) in moments.tensors {
      let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
      guard parts.count == 2, let shape = parameters.values[parts[1]] else { continue }
      let m = Matrix(rows: shape.rows, columns: shape.columns, storage: tensor.data)
      if parts[0] == "first" {
        optimizer.first[parts[1]] = m
      } else {
        optimizer.second[parts[1]] = m
      }
    }
    try repairMetrics(finished, hooks)
    let spectra = try repairSpectra(finished, Cell.self, hooks)
    try repairBest(finished, hooks)
    return State(
      parameters: parameters, optimizer: optimizer, metrics: finished, spectra: spectra)
  }
}
