import Foundation
import LinearAlgebra
import RecurrentNets

extension TrainOptions {
  /// These options with every unset one that has a default taken from ``defaults``.
  public var withDefaults: TrainOptions {
    var o = self
    let d = Self.defaults
    o.layout = layout ?? (task == .smnist ? d.layout : nil)
    o.arch = arch ?? d.arch
    o.hiddenSize = hiddenSize ?? d.hiddenSize
    o.layers = layers ?? d.layers
    o.optimizer = optimizer ?? d.optimizer
    o.lr = lr ?? d.lr
    o.momentum = momentum ?? d.momentum
    o.schedule = schedule ?? d.schedule
    o.epochs = epochs ?? d.epochs
    o.batchSize = batchSize ?? d.batchSize
    o.seqLen = seqLen ?? (task == .smnist ? nil : d.seqLen)
    o.dropout = dropout ?? d.dropout
    o.seed = seed ?? d.seed
    o.signalSeed = signalSeed ?? (task == .signal && signal == nil ? d.signalSeed : nil)
    o.precision = precision ?? d.precision
    o.spectrumEvery = spectrumEvery ?? d.spectrumEvery
    o.spectrumBatch = spectrumBatch ?? d.spectrumBatch
    o.spectrumWarmup = spectrumWarmup ?? d.spectrumWarmup
    return o
  }

  /// The task and its data files, checked: the files exist, and no option of another task
  /// is given. Relative paths are taken against `directory` (the working directory if nil).
  public func taskSpecification(relativeTo directory: URL? = nil) throws -> TaskSpecification {
    guard let task else {
      throw TrainingError.invalidOption(
        name: "task", value: "none", hint: "name the task: charrnn, smnist or signal")
    }
    func shown(_ value: (some CustomStringConvertible)?) -> String? { value.map { "\($0)" } }
    let owners: [(String, String?, TaskSpecification.Kind)] = [
      ("text", text, .charrnn), ("subset-fraction", shown(subsetFraction), .charrnn),
      ("images", images, .smnist), ("labels", labels, .smnist),
      ("layout", shown(layout?.rawValue), .smnist), ("permute-seed", shown(permuteSeed), .smnist),
      ("train-count", shown(trainCount), .smnist),
      ("validation-count", shown(validationCount), .smnist),
      ("signal", signal, .signal), ("signal-seed", shown(signalSeed), .signal),
    ]
    for case let (name, value?, owner) in owners where owner != task {
      throw TrainingError.invalidOption(
        name: name, value: value,
        hint: "it applies to the \(owner.rawValue) task, not \(task.rawValue); drop it")
    }
    if task == .smnist, seqLen != nil {
      throw TrainingError.invalidOption(
        name: "seq-len", value: "\(seqLen!)",
        hint: "smnist sequences are 28 rows or 784 pixels (layout); drop it")
    }
    if task == .smnist, carryState == true {
      throw TrainingError.invalidOption(
        name: "carry-state", value: "true",
        hint: "it fits charrnn and signal, whose sequences continue each other; drop it for smnist")
    }
    func file(_ value: String?, _ name: String, required: Bool) throws -> String? {
      guard let value else {
        if required {
          throw TrainingError.invalidOption(
            name: name, value: "none", hint: "the \(task.rawValue) task needs a \(name) file")
        }
        return nil
      }
      let path = TaskSpecification.absolute(value, relativeTo: directory)
      guard FileManager.default.fileExists(atPath: path) else {
        throw TrainingError.invalidOption(
          name: name, value: value, hint: "no such file (\(path))")
      }
      return path
    }
    let o = withDefaults
    var spec = TaskSpecification(kind: task)
    switch task {
    case .charrnn:
      spec.text = try file(text, "text", required: true)
      spec.sequenceLength = o.seqLen
      if let subsetFraction {
        guard subsetFraction > 0 && subsetFraction <= 1 else {
          throw TrainingError.invalidOption(
            name: "subset-fraction", value: "\(subsetFraction)",
            hint: "use a share of the windows in (0, 1], e.g. 0.3")
        }
        spec.subsetFraction = subsetFraction
        spec.subsetSeed = o.seed
      }
    case .smnist:
      spec.images = try file(images, "images", required: true)
      spec.labels = try file(labels, "labels", required: true)
      spec.layout = o.layout
      spec.permuteSeed = permuteSeed
      spec.trainCount = trainCount
      spec.validationCount = validationCount
    case .signal:
      spec.signal = try file(signal, "signal", required: false)
      spec.signalSeed = o.signalSeed
      spec.sequenceLength = o.seqLen
    }
    if let length = spec.sequenceLength, length < 1 {
      throw TrainingError.invalidOption(
        name: "seq-len", value: "\(length)", hint: "use at least 1 step per sequence")
    }
    return spec
  }

  /// Checks every option without loading data.
  public func validate(relativeTo directory: URL? = nil) throws {
    let task = try taskSpecification(relativeTo: directory)
    _ = try specification(task: task, inputSize: 1)
  }

  /// The run specification and its data: ``taskSpecification(relativeTo:)``, the data
  /// loaded, then every other option checked.
  public func specification(relativeTo directory: URL? = nil) throws
    -> (specification: RunSpecification, dataset: any SequenceDataset)
  {
    let task = try taskSpecification(relativeTo: directory)
    let dataset = try task.makeDataset()
    var spec = try specification(task: task, inputSize: dataset.inputSize)
    if task.kind == .smnist {
      spec.task.trainCount = dataset.count(.train)
      spec.task.validationCount = dataset.count(.validation)
    }
    return (spec, dataset)
  }

  /// The run specification for `task` with data of `inputSize` features.
  func specification(task: TaskSpecification, inputSize: Int) throws -> RunSpecification {
    let o = withDefaults
    let arch = o.arch!
    let hyper = Hyperparameters(
      eps: eps, gamma: gamma, dt: dt, beta: beta, gammaA: gammaA, gammaW: gammaW, alpha: alpha,
      noiseAdditive: noiseAdditive, noiseMultiplicative: noiseMultiplicative)
    try hyper.check(applyingTo: arch)
    let lossKind = loss ?? (task.kind == .signal ? .mse : .crossEntropy)
    if (task.kind == .signal) != (lossKind != .crossEntropy) {
      throw TrainingError.invalidOption(
        name: "loss", value: lossKind.rawValue,
        hint:
          "does not fit the \(task.kind.rawValue) task: classification uses cross-entropy, signal uses mse or mae"
      )
    }
    let hidden = o.hiddenSize!
    let initializer = try
      (initializer.map(Initializer.init(parsing:))
      ?? .uniform(1 / Double(max(1, hidden)).squareRoot())).description
    let steps = task.sequenceSteps
    let (every, warmup) = (o.spectrumEvery!, o.spectrumWarmup!)
    if warmup >= steps && every > 0 {
      throw TrainingError.invalidOption(
        name: "spectrum-warmup", value: "\(warmup)",
        hint:
          "leaves no step of the \(steps)-step validation sequences for the spectrum; use less than \(steps)"
      )
    }
    if let spectrumSteps, warmup + spectrumSteps > steps {
      throw TrainingError.invalidOption(
        name: "spectrum-steps", value: "\(spectrumSteps)",
        hint:
          "with spectrum-warmup \(warmup) it exceeds the \(steps) steps of the validation sequences; use at most \(steps) in all"
      )
    }
    var spec = RunSpecification(
      task: task, precision: o.precision!,
      network: NetworkDescription(
        architecture: arch, layers: o.layers!, inputSize: inputSize, hiddenSize: hidden,
        hyperparameters: hyper.withDefaults(for: arch)),
      initializer: initializer, optimizer: o.optimizer!, learningRate: o.lr!,
      momentum: o.momentum!, schedule: o.schedule!, epochs: o.epochs!, batchSize: o.batchSize!,
      dropout: o.dropout!, clip: clip, loss: lossKind, seed: o.seed!, spectrumEvery: every,
      spectrumBatch: o.spectrumBatch!, spectrumSteps: spectrumSteps ?? steps,
      spectrumWarmup: warmup, spectrumExponents: spectrumExponents)
    spec.carryState = carryState ?? (task.kind != .smnist)
    try spec.validate()
    return spec
  }
}
