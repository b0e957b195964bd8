import ArgumentParser
import Foundation
import LinearAlgebra
import Training

/// The number of the signal (SIGINT or SIGTERM) that asked the run to stop, 0 until then; the
/// trainer polls it between batches and the command exits with 128 + that number.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

extension TrainCommand {
  /// The command line's options in the library's table (unset ones stay unset).
  var options: TrainOptions {
    var o = TrainOptions()
    o.task = task
    o.text = text
    o.images = images
    o.labels = labels
    o.layout = layout
    o.permuteSeed = permuteSeed
    o.trainCount = trainCount
    o.validationCount = validationCount
    o.signal = signalFile
    o.signalSeed = signalSeed
    o.subsetFraction = subsetFraction
    o.arch = arch
    o.hiddenSize = hiddenSize
    o.layers = layers
    o.initializer = `init`
    o.optimizer = optimizer
    o.lr = lr
    o.momentum = momentum
    o.schedule = schedule
    o.epochs = epochs
    o.batchSize = batchSize
    o.seqLen = seqLen
    o.dropout = dropout
    o.carryState = carryState
    o.clip = clip
    o.loss = loss
    o.seed = seed
    o.precision = precision
    o.spectrumEvery = spectrumEvery
    o.spectrumBatch = spectrumBatch
    o.spectrumSteps = spectrumSteps
    o.spectrumWarmup = spectrumWarmup
    o.spectrumExponents = spectrumExponents
    o.eps = hyper.eps
    o.gamma = hyper.gamma
    o.beta = hyper.beta
    o.gammaA = hyper.gammaA
    o.gammaW = hyper.gammaW
    o.alpha = hyper.alpha
    o.noiseAdditive = hyper.noiseAdditive
    o.noiseMultiplicative = hyper.noiseMultiplicative
    o.dt = dt
    return o
  }

  /// The run recorded in the folder, with `--epochs` if given. The task and data files given
  /// must be the run's own; other options are ignored, and a note says which.
  func resumedRun(_ folder: RunFolder) throws -> TrainingRun {
    guard FileManager.default.fileExists(atPath: folder.configuration.path) else {
      throw CLIError("--resume: \(runDir) has no config.json; start the run without --resume")
    }
    let run: TrainingRun
    do {
      run = try TrainingRun.resuming(folder, epochs: epochs)
    } catch {
      throw CLIError(
        "--resume: cannot read \(folder.configuration.path) (\(error)); start a new run instead")
    }
    let recorded = run.specification.task
    if let task, task != recorded.kind {
      throw CLIError(
        "--resume: --task \(task.rawValue) differs from the run's task \(recorded.kind.rawValue) (config.json)"
      )
    }
    for (option, given, own) in [
      ("--text", text, recorded.text), ("--images", images, recorded.images),
      ("--labels", labels, recorded.labels), ("--signal", signalFile, recorded.signal),
    ] {
      if let given, TaskSpecification.absolute(given) != own.map({ TaskSpecification.absolute($0) })
      {
        throw CLIError(
          "--resume: \(option) \(given) differs from the run's \(own ?? "none") (config.json); drop \(option) or start a new run"
        )
      }
    }
    var ignored = options
    (ignored.task, ignored.text, ignored.images, ignored.labels, ignored.signal) = (
      nil, nil, nil, nil, nil
    )
    ignored.epochs = nil
    let names =
      (try? JSONSerialization.jsonObject(with: JSONEncoder().encode(ignored)))
      .flatMap { $0 as? [String: Any] }?.keys.sorted() ?? []
    if !names.isEmpty {
      FileHandle.standardError.write(
        Data(
          "note: --resume continues with the run's own settings (config.json); ignored: \(names.map { "--" + $0 }.joined(separator: ", "))\n"
            .utf8))
    }
    return run
  }

  /// Trains `run` with signal handling, a progress bar and a line per epoch.
  func train(_ run: TrainingRun, dataset: (any SequenceDataset)?) throws {
    var run = run
    run.specification.producedBy = "lyap \(LyapVersion.text)"
    run.blasThreads = 1
    // A parent may have blocked these signals (the mask is inherited): unblock them.
    var stopSignals = sigset_t()
    sigemptyset(&stopSignals)
    sigaddset(&stopSignals, SIGINT)
    sigaddset(&stopSignals, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &stopSignals, nil)
    signal(SIGINT) { number in stopRequested = number }
    signal(SIGTERM) { number in stopRequested = number }
    let folder = run.folder
    let recorded = resume ? (folder.lastFinishedEpoch() ?? -1) : -1
    let bar = TrainingProgressBar(
      mode: progress, perSequence: run.specification.task.kind == .smnist,
      epochs: run.specification.epochs, firstEpoch: max(0, recorded) + 1)
    // Each epoch's line as soon as its files are written, so that a log of an interrupted
    // run holds every finished epoch; on resume the epochs finished before come first.
    let report: (EpochMetrics) -> Void = { m in
      bar.finish()
      print(Self.describe(m) + (m.epoch <= recorded ? "  (recorded before)" : ""))
      OutputFile.flushStandardOutput()
    }
    let notice: (String) -> Void = { text in
      bar.finish()
      FileHandle.standardError.write(Data("note: \(text)\n".utf8))
    }
    do {
      _ = try run.run(
        resume: resume, dataset: dataset, progress: bar.callback,
        shouldStop: { stopRequested != 0 }, epochFinished: report, notice: notice)
    } catch TrainingError.interrupted(let epoch, let last) {
      bar.finish()
      let error = TrainingError.interrupted(epoch: epoch, lastCheckpoint: last)
      FileHandle.standardError.write(Data("\n\(error.description(option: CLIError.flag))\n".utf8))
      throw ExitCode(128 + Int32(stopRequested == 0 ? SIGINT : stopRequested))
    }
    bar.finish()
    print("run folder: \(runDir)")
  }

  /// One line per epoch for people.
  static func describe(_ m: EpochMetrics) -> String {
    var parts = ["epoch \(m.epoch)"]
    if let t = m.trainLoss { parts.append(String(format: "train %.4f", t)) }
    parts.append(String(format: "validation %.4f", m.validationLoss))
    if let a = m.validationAccuracy { parts.append(String(format: "accuracy %.2f%%", 100 * a)) }
    if let s = m.spectrum, s.max.isFinite {
      parts.append(String(format: "lambda_max %.4f mean %.4f", s.max, s.mean))
    }
    parts.append(String(format: "%.1f s", m.seconds))
    return parts.joined(separator: "  ")
  }
}
