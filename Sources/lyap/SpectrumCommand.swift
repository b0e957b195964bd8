import ArgumentParser
import Foundation
import LinearAlgebra
import Lyapunov
import RecurrentNets

/// `lyap spectrum`: the Lyapunov spectrum of a reference system.
struct SpectrumCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spectrum",
    abstract: "Compute a Lyapunov spectrum by the QR (Benettin) algorithm.",
    discussion: """
      Examples:
        lyap spectrum --system henon
        lyap spectrum --system lorenz --rho 28 --dt 0.01 --steps 100000 \\
          --warmup 2000
        lyap spectrum --system gaussian-products --dimension 8 --batch 10 \\
          --format json
        lyap spectrum --model w.safetensors --batch 10 --steps 500 --warmup 100
        lyap spectrum --model lstm.safetensors --inputs x.npy --state full \\
          --format json
      """)

  @OptionGroup(title: "Reference system") var systemOptions: SystemOptions
  @OptionGroup(title: "Recurrent network") var modelOptions: ModelOptions
  @OptionGroup(title: "Estimator") var estimatorOptions: EstimatorOptions
  @OptionGroup(title: "Output") var outputOptions: OutputOptions

  @Option(
    help:
      "With --model: drive the network by the validation sequences of this lyap train run folder, as training measures its spectrum."
  )
  var runDir: String?

  @Option(help: "Floating-point precision: double (default; the negative tail needs it) or float.")
  var precision: Precision = .double

  func run() throws {
    if systemOptions.system != nil && modelOptions.model != nil {
      throw CLIError("--system and --model exclude each other; pass one of them")
    }
    try estimatorOptions.validate()
    try OutputOptions.checkWritable(outputOptions.files + [("--save-q", modelOptions.saveQ)])
    if let runDir {
      guard modelOptions.model != nil else {
        throw CLIError("--run-dir needs --model, e.g. --model \(runDir)/best.safetensors")
      }
      switch precision {
      case .double: try runOnRunInputs(runDir, Double.self)
      case .float: try runOnRunInputs(runDir, Float.self)
      }
      return
    }
    if modelOptions.model != nil {
      switch precision {
      case .double: try runModel(Double.self)
      case .float: try runModel(Float.self)
      }
      return
    }
    guard let system = systemOptions.system else {
      throw CLIError(
        "nothing to analyse: pass --model W.safetensors or --system with one of \(ReferenceSystem.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
    try systemOptions.validate(system)
    if system == .lorenz { try Self.checkResolution(dt: systemOptions.lorenzStep, precision) }
    try systemOptions.checkApplies(to: system)
    try modelOptions.rejectWithoutModel()
    let lengths = system.defaultLengths
    let config = estimatorOptions.configuration(
      defaultSteps: lengths.steps, defaultWarmup: lengths.warmup,
      recordR: outputOptions.saveR != nil, recordFTLE: outputOptions.saveFtle != nil)
    let estimator = LyapunovEstimator(config)
    let progress = ProgressReporter(label: "lyap spectrum")
    let start = Date()
    let spectrum: LyapunovSpectrum
    do {
      switch precision {
      case .double:
        spectrum = try systemOptions.spectrum(
          system, seed: estimatorOptions.seed, estimator: estimator, as: Double.self,
          progress: progress.callback)
      case .float:
        spectrum = try systemOptions.spectrum(
          system, seed: estimatorOptions.seed, estimator: estimator, as: Float.self,
          progress: progress.callback)
      }
    } catch {
      progress.finish()
      throw CLIError(describing: error)
    }
    progress.finish()
    let seconds = Date().timeIntervalSince(start)

    var resolved = estimatorOptions.resolved(config, exponents: spectrum.exponents.count)
    resolved["system"] = .string(system.rawValue)
    resolved["precision"] = .string(precision.rawValue)
    switch system {
    case .lorenz:
      resolved["dt"] = .double(systemOptions.lorenzStep)
      resolved["rho"] = .double(systemOptions.rho)
    case .gaussianProducts:
      resolved["dimension"] = .int(systemOptions.dimension)
      resolved["scale"] = .double(systemOptions.scale)
    case .diagonal:
      resolved["diagonal"] = .doubles(systemOptions.diagonal)
    case .henon, .logistic:
      break
    }
    let report = SpectrumReport(
      spectrum: spectrum,
      system: [
        "kind": .string(system.rawValue), "description": .string(systemOptions.describe(system)),
      ],
      configuration: resolved, seconds: seconds)
    try outputOptions.emit(try report.render(outputOptions.format))
    try outputOptions.saveRecords(spectrum)
  }
}

extension SpectrumCommand {
  /// Refuses a Lorenz time step so small that a step leaves the state unchanged in the
  /// chosen precision (|x| ~ 30, |f(x)| ~ 100: below ulp(30) / 100 every exponent reads 0).
  static func checkResolution(dt: Double, _ precision: Precision) throws {
    let resolution: Double =
      precision == .double ? Double(30).ulp / 100 : Double(Float(30).ulp) / 100
    guard dt >= resolution else {
      throw CLIError(
        "--dt \(dt) is below the resolution of the Lorenz state in \(precision.rawValue) precision: the time step leaves the state unchanged and every exponent would read 0; use at least \(String(format: "%.1e", resolution)) (0.01 is usual)"
      )
    }
  }

  /// `--model`: the spectrum of a recurrent network driven by its input sequences.
  func runModel<S: BLASScalar>(_: S.Type) throws {
    try systemOptions.checkApplies(to: nil)
    let (network, description): (AnyRecurrentNetwork<S>, NetworkDescription)
    do {
      (network, description) = try modelOptions.network(dt: systemOptions.dt, as: S.self)
    } catch let error as CLIError {
      throw error
    } catch {
      throw CLIError("cannot load --model \(modelOptions.model ?? ""): \(error)")
    }
    let warmup = estimatorOptions.warmup ?? 0
    let requestedSteps = estimatorOptions.steps ?? 1000
    let inputs = try modelOptions.inputSequences(
      features: description.inputSize, batch: estimatorOptions.batch,
      steps: modelOptions.inputs == nil ? warmup + requestedSteps : 0,
      seed: estimatorOptions.seed, timeMajor: outputOptions.timeMajor, as: S.self)
    let steps = estimatorOptions.steps ?? (inputs.steps - warmup)
    guard warmup >= 0, steps >= 1, warmup + steps <= inputs.steps else {
      throw CLIError(
        "warmup \(warmup) + steps \(steps) exceed the \(inputs.steps) input steps; shorten them or give longer --inputs"
      )
    }
    var config = estimatorOptions.configuration(
      defaultSteps: steps, defaultWarmup: warmup, recordR: outputOptions.saveR != nil,
      recordFTLE: outputOptions.saveFtle != nil, qSteps: try modelOptions.parsedQSteps())
    config.batch = inputs.batch
    config.steps = steps
    let progress = ProgressReporter(label: "lyap spectrum")
    let start = Date()
    let spectrum: LyapunovSpectrum
    do {
      spectrum = try network.spectrum(
        inputs: inputs.data, batch: inputs.batch, steps: inputs.steps,
        convention: modelOptions.state, estimator: LyapunovEstimator(config),
        progress: progress.callback)
    } catch {
      progress.finish()
      throw CLIError(describing: error)
    }
    progress.finish()
    let seconds = Date().timeIntervalSince(start)
    var resolved = estimatorOptions.resolved(config, exponents: spectrum.exponents.count)
    resolved["model"] = .string(modelOptions.model ?? "")
    resolved["inputs"] = .string(modelOptions.inputs ?? "gaussian(std: \(modelOptions.inputStd))")
    resolved["precision"] = .string(precision.rawValue)
    resolved["state"] = .string(modelOptions.state.rawValue)
    if let noiseSeed = modelOptions.noiseSeed {
      resolved["noiseSeed"] = .int(Int(truncatingIfNeeded: noiseSeed))
    }
    var model: [String: JSONValue] = [
      "kind": .string("model"), "architecture": .string(description.architecture.rawValue),
      "layers": .int(description.layers), "inputSize": .int(description.inputSize),
      "hiddenSize": .int(description.hiddenSize), "state": .string(modelOptions.state.rawValue),
      "exponents": .int(spectrum.exponents.count),
      "description": .string(
        "\(description.architecture.rawValue) network, \(plural(description.layers, "layer")) of \(description.hiddenSize) units, input \(description.inputSize), \(modelOptions.state.rawValue) state"
      ),
    ]
    let used = Hyperparameters.names(usedBy: description.architecture)
    for (name, value) in description.hyperparameters.named where used.contains(name) {
      if let value { model[name] = .double(value) }
    }
    let report = SpectrumReport(
      spectrum: spectrum, system: model, configuration: resolved, seconds: seconds)
    try outputOptions.emit(try report.render(outputOptions.format))
    try outputOptions.saveRecords(spectrum)
    try modelOptions.saveFrames(
      spectrum, dimension: network.tangentSize(modelOptions.state),
      timeMajor: outputOptions.timeMajor)
  }
}
