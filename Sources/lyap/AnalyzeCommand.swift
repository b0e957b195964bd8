import Analysis
import ArgumentParser
import Foundation
import LinearAlgebra
import TensorIO

/// `lyap analyze`: from a population of spectra and losses to classifiers of good networks.
struct AnalyzeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyze",
    abstract:
      "Predict which networks train well from their spectra: AeLLE, baselines, held-out F1.",
    discussion: """
      INPUT is an .npz with spectra [n, k] (or [n, epochs + 1, k] through training, NaN \
      padded), loss [n], and optionally epochs [n] (epochs completed), k [n], loss_epochs \
      [n, epochs + 1] and one param_<name> array [n] per hyperparameter. Other arrays are \
      ignored. A network is good when its loss is below the training split's median. \
      Classifiers (mean-le, max-le, le-pca, aelle, ridge, cells-dD on the AeLLE latent PCs, \
      raw-cells-dD on the raw spectra's PCs, param-<name>) are fitted on the training part of \
      each random split and scored on its test part; the in-sample scores refit every \
      threshold on the scored networks (the thesis's protocol). Spectra through training add \
      the pre-trained AeLLE at 0, 10, 20 and 50% of each run.

      Example:
        lyap analyze sweep.npz --splits 5 --output runs/analysis
      """)

  @Argument(help: "The population: an .npz file.") var input: String
  @Option(help: "Random 80/20 splits.") var splits = 5
  @Option(help: "Seed of the splits and models.") var seed: UInt64 = 0
  @Option(help: "Final weight of AeLLE's prediction loss (ramped over the second third).")
  var alphaMax = 1.0
  @Option(help: "Per-stage weights instead of the ramp, comma-separated (the authors' schedule).")
  var alphaStages: String?
  @Option(help: "AeLLE's prediction loss: l1 or l2.") var lossNorm = "l1"
  @Option(help: "AeLLE latent size.") var latent = 32
  @Option(help: "AeLLE full-batch Adam epochs.") var epochs = 3000
  @Option(help: "AeLLE's arithmetic: double (default) or float (about twice as fast).")
  var precision: Precision = .double
  @Flag(help: "Show the in-sample F1 (thresholds chosen on the scored networks) in the table.")
  var inSample = false
  @Option(help: "Output format: table or json.") var format: OutputFormat = .table
  @Option(
    help:
      "Write analysis.json, networks.csv, thresholds.json, perturbations.npz, models and CSV tables into this folder."
  )
  var output: String?

  func run() throws {
    guard format != .csv else {
      throw CLIError(
        "--format csv is not offered here; use table or json (--output writes CSV tables)")
    }
    guard splits >= 1 else { throw CLIError("--splits \(splits) must be at least 1") }
    guard alphaMax >= 0, alphaMax.isFinite else {
      throw CLIError("--alpha-max \(alphaMax) must be a finite number >= 0")
    }
    guard latent >= 1 else { throw CLIError("--latent \(latent) must be at least 1") }
    guard epochs >= 1 else { throw CLIError("--epochs \(epochs) must be at least 1") }
    var analysis = PopulationAnalysis()
    analysis.splits = splits
    analysis.seed = seed
    analysis.training.epochs = epochs
    analysis.training.latent = latent
    analysis.training.seed = seed
    analysis.training.precision = precision
    switch lossNorm {
    case "l1": analysis.training.predictionNorm = .mae
    case "l2": analysis.training.predictionNorm = .mse
    default: throw CLIError("--loss-norm '\(lossNorm)' is not l1 or l2")
    }
    analysis.training.schedule = .ramp(maximum: alphaMax)
    if let alphaStages {
      let values = alphaStages.split(separator: ",").map {
        Double($0.trimmingCharacters(in: .whitespaces))
      }
      guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0! >= 0 && $0!.isFinite }) else {
        throw CLIError(
          "--alpha-stages '\(alphaStages)' is not a comma-separated list of numbers >= 0")
      }
      analysis.training.schedule = .stages(values.map { $0! })
    }
    let arrays: [String: NPYArray]
    do { arrays = try NPZ.readArrays(URL(fileURLWithPath: input)) } catch {
      throw CLIError("cannot read INPUT \(input): \(error)")
    }
    let population: AnalysisInput
    do { population = try AnalysisInput(npz: arrays) } catch {
      throw CLIError("INPUT \(input): \(error)")
    }
    var reporter: (label: String, progress: ProgressReporter)?
    let result: (report: PopulationAnalysis.Report, artifacts: PopulationAnalysis.Artifacts)
    do {
      result = try analysis.run(population) { label, done, total in
        if reporter?.label != label {
          reporter?.progress.finish()
          reporter = (label, ProgressReporter(label: label))
        }
        reporter?.progress.callback?(done, total)
      }
    } catch let error as AnalysisInputError {
      throw CLIError("INPUT \(input): \(error)")
    } catch {
      throw CLIError("lyap analyze: \(error)")
    }
    reporter?.progress.finish()
    if let output {
      do {
        try AnalysisFolder.write(result.report, result.artifacts, to: URL(fileURLWithPath: output))
      } catch {
        throw CLIError("cannot write --output \(output): \(error)")
      }
    }
    let text =
      format == .json
      ? String(decoding: try result.report.json(), as: UTF8.self)
      : result.report.table(inSample: inSample)
    print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
  }
}
