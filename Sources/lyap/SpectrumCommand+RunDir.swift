import Foundation
import LinearAlgebra
import Lyapunov
import RecurrentNets
import Training

extension SpectrumCommand {
  /// `--model W --run-dir R`: the spectrum of a network trained in run folder R, driven by
  /// the run's own validation inputs (its task and data from `config.json`) exactly as
  /// training measures it each epoch: the first `spectrumBatch` validation sequences, the
  /// run's spectrum steps, warmup and exponents, the hidden state.
  func runOnRunInputs<S: BLASScalar>(_ runDir: String, _: S.Type) throws {
    let folder = RunFolder(URL(fileURLWithPath: runDir))
    let stored: RunSpecification
    do {
      stored = try folder.readConfiguration()
    } catch {
      throw CLIError(
        "--run-dir \(runDir): cannot read its config.json (\(error)); give a run folder of lyap train"
      )
    }
    let task = stored.task.kind
    let model = modelOptions.model ?? ""
    let start = Date()
    let spectrum: LyapunovSpectrum
    do {
      let dataset = try stored.task.makeDataset()
      let (parameters, _) = try ModelParameters<S>.read(URL(fileURLWithPath: model))
      spectrum = try Trainer<S>(configuration: stored, dataset: dataset, folder: folder)
        .spectrum(parameters)
    } catch let error as CLIError {
      throw error
    } catch {
      throw CLIError("--model \(model) --run-dir \(runDir): \(error)")
    }
    let network = stored.network
    // Steps and QR interval as the estimator took them (the run's spectrum steps, cut to
    // the sequence length): QR is taken at the last step and every interval before it.
    let qrSteps = spectrum.qrSteps
    let steps = (qrSteps.last ?? -1) + 1
    let interval = qrSteps.count >= 2 ? qrSteps[1] - qrSteps[0] : steps
    let report = SpectrumReport(
      spectrum: spectrum,
      system: [
        "kind": .string("model"), "architecture": .string(network.architecture.rawValue),
        "layers": .int(network.layers), "inputSize": .int(network.inputSize),
        "hiddenSize": .int(network.hiddenSize), "state": .string("hidden"),
        "exponents": .int(spectrum.exponents.count),
        "description": .string(
          "\(network.architecture.rawValue) network of run \(runDir), driven by its \(task.rawValue) validation sequences"
        ),
      ],
      configuration: [
        "model": .string(model), "runDir": .string(runDir),
        "inputs": .string("validation sequences of the run's task"),
        "batch": .int(min(stored.spectrumBatch, spectrum.perTrajectory.count)),
        "steps": .int(steps), "qrInterval": .int(interval),
        "warmup": .int(stored.spectrumWarmup), "precision": .string(precision.rawValue),
      ],
      seconds: Date().timeIntervalSince(start))
    try outputOptions.emit(try report.render(outputOptions.format))
  }
}
