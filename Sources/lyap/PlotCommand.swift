import ArgumentParser
import Foundation
import Report
import TensorIO

/// `lyap plot`: SVG figures of a spectrum, its finite-time exponents or a training run.
struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract:
      "SVG figures of a spectrum (.json), finite-time exponents (.npy), a run folder or a sweep "
      + "export (.npz).",
    discussion: """
      INPUT is one of: the output of lyap spectrum --format json (writes PATH.svg: exponents \
      against index, batch std as a band); a --save-ftle .npy file [batch, qrSteps, k] \
      (writes PATH.svg: finite-time exponents against QR steps); a lyap train run folder \
      (writes the folder PATH with spectra.svg, spectrum-change.svg, loss.svg, accuracy.svg \
      and exponents-vs-loss.svg; see docs/plots.md); a sweep's npz export (writes the folder \
      PATH with spectra.svg and one <statistic>-vs-loss.svg per statistic, --highlight \
      drawing chosen trials in colour); a lyap analyze output folder (writes the folder PATH \
      with aelle-plane.svg, the feature distributions, f1.svg, perturbations.svg and, for \
      spectra through training, pretrained-by-epoch.svg). Exponents that are -infinity are \
      drawn on the axis floor and counted in the legend. Each path is printed as it is \
      written.

      Examples:
        lyap spectrum --system henon --format json --output henon.json
        lyap plot henon.json --output henon
        lyap plot runs/smnist --output runs/smnist/figures --epochs 0,4,15
        lyap plot sweep.npz --output sweep-figures --highlight 3f2a,9c01
      """)

  @Argument(
    help: "A spectrum .json, a --save-ftle .npy, a run folder, a sweep .npz or an analysis folder.")
  var input: String
  @Option(help: "Output: PATH.svg for one figure, the folder PATH for a run.") var output: String
  @Option(help: "Run folders: the epochs whose spectra are drawn (default: first, middle, last).")
  var epochs: String?
  @Flag(
    help: "A .npy file of finite-time exponents is [qrSteps, batch, k] (spectrum --time-major).")
  var timeMajor = false
  @Option(help: "Unit of the finite-time exponents in a .npy file.")
  var units: String = "nats per step"
  @Option(help: "Sweeps: trials drawn in colour, as comma-separated trial id prefixes.")
  var highlight: String?

  func run() throws {
    if let highlight, !input.hasSuffix(".npz") {
      throw CLIError("--highlight \(highlight) applies to sweep exports (.npz), not to \(input)")
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
      throw CLIError("no such file or folder: \(input)")
    }
    if isFolder.boolValue {
      let url = URL(fileURLWithPath: input)
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("analysis.json").path) {
        try writeFolder(AnalysisFigures(try AnalysisResults(folder: url)).figures())
        return
      }
      guard FileManager.default.fileExists(atPath: url.appendingPathComponent("metrics.jsonl").path)
      else {
        throw CLIError(
          "\(input) is a folder without metrics.jsonl or analysis.json: lyap plot reads lyap "
            + "train run folders (config.json, metrics.jsonl, spectra.npy) and lyap analyze "
            + "output folders")
      }
      let figures = try RunFigures(folder: url).figures(epochs: try Self.parsedEpochs(epochs))
      try writeFolder(figures)
      return
    }
    if input.hasSuffix(".npz") {
      let trials = try SweepTrials(npz: URL(fileURLWithPath: input))
      try writeFolder(try SweepFigures(trials, highlight: Self.list(highlight)).figures())
      return
    }
    let figure: Figure
    if input.hasSuffix(".json") {
      figure = SpectrumFigures.spectrum(try .read(URL(fileURLWithPath: input)))
    } else if input.hasSuffix(".npy") {
      let cube: NDArray<Double>
      do { cube = try NPY.read(URL(fileURLWithPath: input)) } catch {
        throw CLIError("cannot read \(input): \(error)")
      }
      figure = try SpectrumFigures.finiteTime(cube, units: units, timeMajor: timeMajor)
    } else {
      throw CLIError(
        "unknown input \(input): expected a lyap spectrum --format json file (.json), a "
          + "--save-ftle file (.npy), a lyap train run folder or a sweep export (.npz)")
    }
    try write(figure, to: output.hasSuffix(".svg") ? output : output + ".svg")
  }

  /// The epochs of `--epochs` (nil when not given).
  static func parsedEpochs(_ epochs: String?) throws -> [Int]? {
    guard let epochs else { return nil }
    let values = epochs.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ ($0 ?? -1) >= 0 }) else {
      throw CLIError("--epochs \(epochs): expected comma-separated epochs such as 0,4,15")
    }
    return values.map { $0! }
  }

  /// The comma-separated items of `text` (none for nil), spaces trimmed.
  static func list(_ text: String?) -> [String] {
    guard let text else { return [] }
    return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
  }

  /// Creates the folder `output` and writes each figure into it under its name.
  func writeFolder(_ figures: [(name: String, figure: Figure)]) throws {
    do {
      try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    } catch {
      throw CLIError("cannot create the folder --output \(output): \(error.localizedDescription)")
    }
    for (name, figure) in figures {
      try write(figure, to: URL(fileURLWithPath: output).appendingPathComponent(name).path)
    }
  }

  func write(_ figure: Figure, to path: String) throws {
    do {
      try figure.svg().write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      throw CLIError("cannot write \(path): \(error.localizedDescription)")
    }
    print(path)
  }
}
