import LinearAlgebra
import RecurrentNets
import TensorIO

/// The files of each epoch (checkpoint, optimizer state, best model, spectra, metrics) and
/// the state read back from them on resume.
extension Trainer {
  /// Writes the files of `epoch`, the last of `state.metrics`: its checkpoint and optimizer
  /// state, `best.safetensors` when its validation loss is the lowest so far (ties go to the
  /// later epoch), `spectra.npy` when it holds rows, and the metrics line last, the order
  /// `RunFolder+Recovery.swift` relies on to tell a finished epoch.
  func writeEpochFiles(_ epoch: Int, _ state: State) throws {
    try state.parameters.write(to: folder.checkpoint(epoch: epoch))
    try afterWrite?(folder.checkpoint(epoch: epoch))
    try saveOptimizer(state.optimizer, epoch: epoch)
    try afterWrite?(folder.optimizerState(epoch: epoch))
    let losses = state.metrics.map(\.validationLoss)
    if let latest = losses.last, let lowest = losses.min(), latest <= lowest {
      try state.parameters.write(to: folder.best, extraMetadata: ["epoch": "\(epoch)"])
      try afterWrite?(folder.best)
    }
    if !state.spectra.isEmpty {
      try folder.writeSpectra(state.spectra)
      try afterWrite?(folder.spectra)
    }
    try folder.writeMetrics(state.metrics)
    try afterWrite?(folder.metrics)
  }

  /// Saves the optimizer's moments and step count beside the checkpoint of `epoch`: tensors
  /// `first/NAME` and `second/NAME` (flat), the step in the metadata.
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

  /// The optimizer as ``saveOptimizer(_:epoch:)`` left it after `epoch`, its moments shaped
  /// as the parameters in `shapes`; moments of parameters not in `shapes` are skipped.
  func loadOptimizer(epoch: Int, shapes: [String: Matrix<Scalar>]) throws -> Optimizer<Scalar> {
    var optimizer = Optimizer<Scalar>(
      kind: configuration.optimizer, momentum: configuration.momentum)
    let moments = try SafeTensorsFile<Scalar>.read(folder.optimizerState(epoch: epoch))
    optimizer.step = Int(moments.metadata["step"] ?? "0") ?? 0
    for (key, tensor) in moments.tensors {
      let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
      guard parts.count == 2, let shape = shapes[parts[1]] else { continue }
      let m = Matrix(rows: shape.rows, columns: shape.columns, storage: tensor.data)
      if parts[0] == "first" {
        optimizer.first[parts[1]] = m
      } else {
        optimizer.second[parts[1]] = m
      }
    }
    return optimizer
  }

  /// The state after `epoch`, the last of the `finished` ones, from its checkpoint, optimizer
  /// state, metrics and spectra (repaired where needed). The checkpoint must fit the
  /// configuration and the data (a run resumed on other data would feed its weights inputs
  /// of the wrong size).
  ///
  /// - Throws: ``TrainingError/checkpointMismatch(epoch:detail:)`` naming both sides when
  ///   they differ; file errors.
  func load<Cell: TrainableCell>(
    epoch: Int, finished: [EpochMetrics], _: Cell.Type, _ hooks: Hooks
  ) throws -> State where Cell.Scalar == Scalar {
    var (parameters, _) = try ModelParameters<Scalar>.read(folder.checkpoint(epoch: epoch))
    if let mismatch = checkpointMismatch(parameters) {
      throw TrainingError.checkpointMismatch(epoch: epoch, detail: mismatch)
    }
    parameters.network = trainingNetwork
    let optimizer = try loadOptimizer(epoch: epoch, shapes: parameters.values)
    try repairMetrics(finished, hooks)
    let spectra = try repairSpectra(finished, Cell.self, hooks)
    try repairBest(finished, hooks)
    return State(
      parameters: parameters, optimizer: optimizer, metrics: finished, spectra: spectra)
  }

  /// How a checkpoint's network differs from the configuration's or from the data's sizes,
  /// said for both sides; nil when it fits.
  func checkpointMismatch(_ parameters: ModelParameters<Scalar>) -> String? {
    let saved = parameters.network
    let expected = trainingNetwork
    if saved.architecture != expected.architecture || saved.layers != expected.layers
      || saved.hiddenSize != expected.hiddenSize
    {
      return "a \(saved.layers)-layer \(saved.architecture.rawValue) of \(saved.hiddenSize) "
        + "units, config.json a \(expected.layers)-layer \(expected.architecture.rawValue) of "
        + "\(expected.hiddenSize)"
    }
    if saved.inputSize != dataset.inputSize || parameters.outputs != dataset.outputSize {
      return "\(saved.inputSize) inputs and \(parameters.outputs) outputs, the data "
        + "\(dataset.inputSize) and \(dataset.outputSize)"
    }
    return nil
  }
}
