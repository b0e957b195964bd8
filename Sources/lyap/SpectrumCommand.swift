import ArgumentParser
import Foundation
import LinearAlgebra
import Lyapunov

/// `lyap spectrum`: the Lyapunov spectrum of a reference system.
struct SpectrumCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "spectrum",
    abstract: "Compute a Lyapunov spectrum by the QR (Benettin) algorithm.",
    discussion: """
      Examples:
        lyap spectrum --system henon
        lyap spectrum --system lorenz --rho 28 --dt 0.01 --steps 100000 --warmup 2000
        lyap spectrum --system gaussian-products --dimension 8 --batch 10 --format json
      """)

  @OptionGroup(title: "Reference system") var systemOptions: SystemOptions
  @OptionGroup(title: "Estimator") var estimatorOptions: EstimatorOptions
  @OptionGroup(title: "Output") var outputOptions: OutputOptions

  @Option(help: "Floating-point precision: double (default; the negative tail needs it) or float.")
  var precision: Precision = .double

  func run() throws {
    guard let system = systemOptions.system else {
      throw CLIError(
        "no system given: pass --system with one of \(ReferenceSystem.allCases.map(\.rawValue).joined(separator: ", "))"
      )
    }
    try systemOptions.validate(system)
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
      throw CLIError("\(error)")
    }
    progress.finish()
    let seconds = Date().timeIntervalSince(start)

    var resolved = estimatorOptions.resolved(config, exponents: spectrum.exponents.count)
    resolved["system"] = .string(system.rawValue)
    resolved["precision"] = .string(precision.rawValue)
    switch system {
    case .lorenz:
      resolved["dt"] = .double(systemOptions.dt)
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
    try outputOptions.saveRecords(spectrum)
    try outputOptions.emit(try report.render(outputOptions.format))
  }
}
