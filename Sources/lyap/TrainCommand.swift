import ArgumentParser
import Foundation
import LinearAlgebra
import RecurrentNets
import Training

/// The number of the signal (SIGINT or SIGTERM) that asked the run to stop, 0 until then; the
/// trainer polls it between batches and the command exits with 128 + that number.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

/// The tasks of `lyap train`.
enum TrainingTask: String, ExpressibleByArgument, CaseIterable {
  case charrnn
  case smnist
  case signal
}

extension OptimizerKind: ExpressibleByArgument {}
extension LearningRateSchedule: ExpressibleByArgument {}
extension LossKind: ExpressibleByArgument {}
extension MNISTSequenceDataset.Layout: ExpressibleByArgument {}

/// `lyap train`: train a recurrent network and track its Lyapunov spectrum.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a recurrent network by backpropagation through time, tracking its spectrum.",
    discussion: """
      The run folder receives config.json, metrics.jsonl (one line per epoch: losses, \
      accuracy, seconds, learning rate, spectrum statistics), spectra.npy ([epochs + 1, k], \
      epoch 0 before training, computed on the same first validation sequences), \
      checkpoints/epoch-N.safetensors and best.safetensors (PyTorch names: rnn.weight_ih_l0, \
      ..., readout.weight). Ctrl-C stops after the current batch; `lyap train --run-dir R \
      --resume [--epochs E]` continues from the last finished epoch with the task, data, \
      precision and settings of the run's config.json: other options are ignored, only \
      --epochs takes effect (a larger number trains further), and a different --task or \
      data file is refused. A run stopped at any instant (Ctrl-C, SIGTERM, a kill) resumes \
      this way: an epoch whose files were not all written is trained again, and what can be \
      rebuilt from the checkpoints (spectra.npy, best.safetensors) is rebuilt.

      Examples:
        lyap train --task charrnn --text war-and-peace.txt --arch lstm \\
          --hidden-size 128 --init uniform:0.08 --lr 0.002 --dropout 0.1 \\
          --clip 5 --epochs 5 --run-dir runs/wp
        lyap train --task smnist --images t10k-images-idx3-ubyte.gz \\
          --labels t10k-labels-idx1-ubyte.gz --train-count 8000 \\
          --validation-count 2000 --arch gru --hidden-size 64 --lr 0.001 \\
          --batch-size 128 --epochs 5 --run-dir runs/smnist
      """)

  @Option(
    help:
      "Task: charrnn (next character), smnist (sequential MNIST) or signal (next frame); with --resume, the run's own."
  )
  var task: TrainingTask?
  @Option(help: "charrnn: a UTF-8 text file.") var text: String?
  @Option(help: "smnist: IDX images (gzipped or not).") var images: String?
  @Option(help: "smnist: IDX labels (gzipped or not).") var labels: String?
  @Option(help: "smnist: rows (28 steps of 28 pixels) or pixels (784 steps of 1).")
  var layout: MNISTSequenceDataset.Layout = .rows
  @Option(
    parsing: .unconditional,
    help: "smnist pixels: a fixed random permutation of the pixels from this seed.")
  var permuteSeed: UInt64?
  @Option(
    parsing: .unconditional, help: "smnist: images used for training (the first ones); default 80%."
  )
  var trainCount: Int?
  @Option(
    parsing: .unconditional,
    help: "smnist: images used for validation (the last ones); default 20%.")
  var validationCount: Int?
  @Option(
    name: .customLong("signal"),
    help: "signal: a [T, D] .npy signal; default: a built-in Lorenz-96 (20 dimensions).")
  var signalFile: String?

  @Option(help: "Architecture: \(Architecture.allCases.map(\.rawValue).joined(separator: ", ")).")
  var arch: Architecture = .lstm
  @Option(parsing: .unconditional, help: "Hidden units N per layer.") var hiddenSize: Int = 128
  @Option(parsing: .unconditional, help: "Stacked layers.") var layers: Int = 1
  @Option(
    help: "Initializer: uniform:P (default P = 1/sqrt(N)), normal:STD, orthogonal:GAIN, xavier.")
  var `init`: String?
  @Option(help: "Optimizer: adam, sgd, adagrad or rmsprop (PyTorch update rules).")
  var optimizer: OptimizerKind = .adam
  @Option(parsing: .unconditional, help: "Learning rate.") var lr: Double = 0.002
  @Option(parsing: .unconditional, help: "SGD momentum.") var momentum: Double = 0
  @Option(help: "Learning-rate schedule: constant, or decay (x0.95 per epoch after epoch 10).")
  var schedule: LearningRateSchedule = .constant
  @Option(
    parsing: .unconditional, help: "Epochs (default 10; with --resume, the run's own number).")
  var epochs: Int?
  @Option(parsing: .unconditional, help: "Sequences per batch.") var batchSize: Int = 100
  @Option(parsing: .unconditional, help: "charrnn and signal: steps per sequence.") var seqLen:
    Int = 100
  @Option(parsing: .unconditional, help: "Dropout before the readout.") var dropout: Double = 0
  @Flag(
    inversion: .prefixedNo,
    help:
      "charrnn/signal: stateful training (the default for these tasks) — contiguous streams, each batch starting from the previous batch's final state (reset each epoch), as in char-rnn and the thesis's code; --no-carry-state trains on shuffled windows from a zero state."
  )
  var carryState: Bool?
  @Option(parsing: .unconditional, help: "Clip the global gradient norm to this value.") var clip:
    Double?
  @Option(
    help:
      "Loss: cross-entropy (charrnn and smnist, their only loss), or mse or mae (signal; default mse)."
  )
  var loss: LossKind?
  @Option(parsing: .unconditional, help: "Seed for initialization, shuffling and dropout.")
  var seed: UInt64 = 0
  @Option(
    parsing: .unconditional,
    help: "signal: seed of the built-in Lorenz-96 trajectory (the data, not the model).")
  var signalSeed: UInt64 = 0
  @Option(help: "Precision of training: float (as PyTorch) or double.")
  var precision: Precision = .float
  @Option(help: "The run folder.") var runDir: String
  @Option(parsing: .unconditional, help: "Compute the spectrum every N epochs (0: never).")
  var spectrumEvery: Int = 1
  @Option(parsing: .unconditional, help: "Validation sequences the spectrum is computed on.")
  var spectrumBatch: Int = 10
  @Option(
    parsing: .unconditional,
    help: "Steps of those sequences used for the spectrum (at most their length).")
  var spectrumSteps: Int?
  @Option(parsing: .unconditional, help: "Of those, steps run before accumulation.")
  var spectrumWarmup: Int = 0
  @Option(
    parsing: .unconditional, help: "Leading exponents kept (default: the full hidden spectrum).")
  var spectrumExponents: Int?
  @OptionGroup(title: "Architecture hyperparameters") var hyper: HyperparameterOptions
  @Option(parsing: .unconditional, help: "Time step of coRNN, Lipschitz/Noisy RNN and LEM.") var dt:
    Double?
  @Flag(help: "Continue the run in --run-dir from its last finished epoch.") var resume = false
  @Option(
    help:
      "Progress on stderr: auto (a bar on a terminal, otherwise a line every 5 s), always (a line every 5 s even on a terminal) or never."
  )
  var progress: ProgressMode = .auto

  func run() throws {
    guard !runDir.isEmpty else {
      throw CLIError("--run-dir is empty: give the folder of the run (created if missing)")
    }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: runDir, isDirectory: &isFolder), !isFolder.boolValue {
      throw CLIError("--run-dir \(runDir) is a file, not a folder: give a new or existing folder")
    }
    let folder = RunFolder(URL(fileURLWithPath: runDir))
    if resume {
      let stored = try resumedConfiguration(folder)
      try restoring(stored).train(stored, in: folder)
    } else {
      try train(nil, in: folder)
    }
  }

  /// Trains a new run, or continues the run configured by `stored`.
  func train(_ stored: TrainingConfiguration?, in folder: RunFolder) throws {
    guard let task else {
      throw CLIError("--task is required for a new run: charrnn, smnist or signal")
    }
    do {
      let dataset = try makeDataset(task)
      var config = try stored ?? newConfiguration(dataset, task)
      if let epochs { config.epochs = epochs }  // a new run's config already has it
      config.producedBy = "lyap \(LyapVersion.text)"
      try config.validate()
      // A parent may have blocked these signals (the mask is inherited): unblock them.
      var stopSignals = sigset_t()
      sigemptyset(&stopSignals)
      sigaddset(&stopSignals, SIGINT)
      sigaddset(&stopSignals, SIGTERM)
      pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
      signal(SIGINT) { number in stopRequested = number }
      signal(SIGTERM) { number in stopRequested = number }
      let bar = TrainingProgressBar(
        mode: progress, perSequence: task == .smnist, epochs: config.epochs,
        firstEpoch: (stored == nil ? 0 : folder.lastFinishedEpoch() ?? 0) + 1)
      // Each epoch's line as soon as its files are written, so that a log of an interrupted
      // run holds every finished epoch.
      // On resume the epochs finished before are listed first, marked as such.
      let recorded = stored == nil ? -1 : (folder.lastFinishedEpoch() ?? -1)
      let report: (EpochMetrics) -> Void = { m in
        bar.finish()
        print(Self.describe(m) + (m.epoch <= recorded ? "  (recorded before)" : ""))
        OutputFile.flushStandardOutput()
      }
      let notice: (String) -> Void = { text in
        bar.finish()
        FileHandle.standardError.write(Data("note: \(text)\n".utf8))
      }
      switch precision {
      case .float:
        _ = try Trainer<Float>(configuration: config, dataset: dataset, folder: folder).run(
          resume: stored != nil, progress: bar.callback, shouldStop: { stopRequested != 0 },
          epochFinished: report, notice: notice)
      case .double:
        _ = try Trainer<Double>(configuration: config, dataset: dataset, folder: folder).run(
          resume: stored != nil, progress: bar.callback, shouldStop: { stopRequested != 0 },
          epochFinished: report, notice: notice)
      }
      bar.finish()
      print("run folder: \(runDir)")
    } catch let error as CLIError {
      throw error
    } catch let error as TrainingError {
      if case .interrupted = error {
        FileHandle.standardError.write(Data("\n\(error)\n".utf8))
        throw ExitCode(128 + Int32(stopRequested == 0 ? SIGINT : stopRequested))
      }
      throw CLIError(describing: error)
    } catch {
      throw CLIError(describing: error)
    }
  }

  /// One line per epoch for people.
  static func describe(_ m: EpochMetrics) -> String {
    var parts = ["epoch \(m.epoch)"]
    if let t = m.trainLoss { parts.append(String(format: "train %.4f", t)) }
    parts.append(String(format: "validation %.4f", m.validationLoss))
    if let a = m.validationAccuracy { parts.append(String(format: "accuracy %.2f%%", 100 * a)) }
    if let s = m.spectrum, let mx = s["max"] ?? nil, let mean = s["mean"] ?? nil {
      parts.append(String(format: "lambda_max %.4f mean %.4f", mx, mean))
    }
    parts.append(String(format: "%.1f s", m.seconds))
    return parts.joined(separator: "  ")
  }

  func makeDataset(_ task: TrainingTask) throws -> any SequenceDataset {
    func path(_ value: String?, _ option: String) throws -> URL {
      guard let value else { throw CLIError("--task \(task.rawValue) needs \(option) PATH") }
      guard FileManager.default.fileExists(atPath: value) else {
        throw CLIError("\(option) \(value): no such file")
      }
      return URL(fileURLWithPath: value)
    }
    switch task {
    case .charrnn:
      return try CharacterDataset(url: path(text, "--text"), sequenceLength: seqLen)
    case .smnist:
      return try MNISTSequenceDataset(
        images: path(images, "--images"), labels: path(labels, "--labels"), layout: layout,
        permutationSeed: permuteSeed, trainCount: trainCount, validationCount: validationCount)
    case .signal:
      if let signalFile {
        return try SignalDataset(url: path(signalFile, "--signal"), sequenceLength: seqLen)
      }
      return try SignalDataset.lorenz96(seed: signalSeed, sequenceLength: seqLen)
    }
  }

  func newConfiguration(_ dataset: any SequenceDataset, _ task: TrainingTask) throws
    -> TrainingConfiguration
  {
    try hyper.validate(dt: dt)
    try hyper.checkApplies(to: arch, dt: dt)
    let lossKind = loss ?? (task == .signal ? .mse : .crossEntropy)
    if (task == .signal) != (lossKind != .crossEntropy) {
      throw CLIError(
        "--loss \(lossKind.rawValue) does not fit --task \(task.rawValue): classification uses cross-entropy, signal uses mse or mae"
      )
    }
    if carryState == true && task == .smnist {
      throw CLIError(
        "--carry-state fits charrnn and signal, whose sequences continue each other; drop it for smnist"
      )
    }
    let description = NetworkDescription(
      architecture: arch, layers: layers, inputSize: dataset.inputSize, hiddenSize: hiddenSize,
      hyperparameters: hyper.hyperparameters(dt: dt).withDefaults(for: arch))
    let initializer = try
      (`init`.map(Initializer.init(parsing:))
      ?? .uniform(1 / Double(max(1, hiddenSize)).squareRoot())).description
    // Everything `restoring` needs to rebuild the data on --resume.
    var taskInfo = ["task": task.rawValue, "precision": precision.rawValue]
    taskInfo["text"] = text.map(Self.absolute)
    taskInfo["images"] = images.map(Self.absolute)
    taskInfo["labels"] = labels.map(Self.absolute)
    taskInfo["signal"] = signalFile.map(Self.absolute) ?? (task == .signal ? "lorenz96" : nil)
    if task == .smnist {
      taskInfo["layout"] = layout.rawValue
      taskInfo["permute-seed"] = permuteSeed.map { "\($0)" }
      taskInfo["train-count"] = "\(dataset.count(.train))"
      taskInfo["validation-count"] = "\(dataset.count(.validation))"
    } else {
      taskInfo["seq-len"] = "\(seqLen)"
    }
    if task == .signal && signalFile == nil { taskInfo["signal-seed"] = "\(signalSeed)" }
    // By default the spectrum follows the whole of the sequences (28 or 784 SMNIST steps).
    let sequenceSteps = (dataset as? MNISTSequenceDataset)?.steps ?? seqLen
    if spectrumWarmup >= sequenceSteps && spectrumEvery > 0 {
      throw CLIError(
        "--spectrum-warmup \(spectrumWarmup) leaves no step of the \(sequenceSteps)-step validation sequences for the spectrum; use less than \(sequenceSteps)"
      )
    }
    if let spectrumSteps, spectrumWarmup + spectrumSteps > sequenceSteps {
      throw CLIError(
        "--spectrum-warmup \(spectrumWarmup) + --spectrum-steps \(spectrumSteps) exceed the \(sequenceSteps) steps of the validation sequences; use at most \(sequenceSteps) in all"
      )
    }
    var config = TrainingConfiguration(
      network: description, initializer: initializer, optimizer: optimizer, learningRate: lr,
      momentum: momentum, schedule: schedule, epochs: epochs ?? 10, batchSize: batchSize,
      dropout: dropout, clip: clip, loss: lossKind, seed: seed, spectrumEvery: spectrumEvery,
      spectrumBatch: spectrumBatch, spectrumSteps: spectrumSteps ?? sequenceSteps,
      spectrumWarmup: spectrumWarmup, spectrumExponents: spectrumExponents, task: taskInfo)
    config.carryState = carryState ?? (task != .smnist)
    return config
  }

  func resumedConfiguration(_ folder: RunFolder) throws -> TrainingConfiguration {
    guard FileManager.default.fileExists(atPath: folder.configuration.path) else {
      throw CLIError(
        "--resume: \(runDir) has no config.json; start the run without --resume")
    }
    do {
      return try folder.readConfiguration()
    } catch {
      throw CLIError(
        "--resume: cannot read \(folder.configuration.path) (\(error)); start a new run instead")
    }
  }

  /// `path` made absolute (against the working directory) and standardized, as recorded in
  /// config.json so that a run can be resumed from anywhere.
  static func absolute(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }

  /// This command with the task, data and precision of the run configured by `stored`; a
  /// data file given on the command line must be the run's own.
  func restoring(_ stored: TrainingConfiguration) throws -> TrainCommand {
    let info = stored.task
    let recorded = info["task"].flatMap(TrainingTask.init)
    if let task, let recorded, task != recorded {
      throw CLIError(
        "--resume: --task \(task.rawValue) differs from the run's task \(recorded.rawValue) (config.json)"
      )
    }
    var restored = self
    restored.task = recorded ?? task
    for (option, given, keyPath) in [
      ("--text", text, \TrainCommand.text), ("--images", images, \.images),
      ("--labels", labels, \.labels), ("--signal", signalFile, \.signalFile),
    ] {
      let recorded = info[String(option.dropFirst(2))].flatMap { $0 == "lorenz96" ? nil : $0 }
      if let given, Self.absolute(given) != recorded.map(Self.absolute) {
        throw CLIError(
          "--resume: \(option) \(given) differs from the run's \(recorded ?? "none") (config.json); drop \(option) or start a new run"
        )
      }
      restored[keyPath: keyPath] = recorded
    }
    func number<T: LosslessStringConvertible>(_ key: String) -> T? { info[key].flatMap(T.init) }
    restored.layout = info["layout"].flatMap(MNISTSequenceDataset.Layout.init) ?? layout
    restored.permuteSeed = number("permute-seed")
    restored.trainCount = number("train-count") ?? trainCount
    restored.validationCount = number("validation-count") ?? validationCount
    restored.seqLen = number("seq-len") ?? seqLen
    // Runs recorded before --signal-seed drew the trajectory from --seed.
    restored.signalSeed = number("signal-seed") ?? stored.seed
    restored.precision = info["precision"].flatMap(Precision.init) ?? precision
    return restored
  }
}
