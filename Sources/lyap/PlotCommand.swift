import ArgumentParser
import Foundation
import Report
import TensorIO

/// `lyap plot`: SVG figures of a spectrum, its finite-time exponents or a training run.
struct PlotCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot",
    abstract: "SVG figures of a spectrum (.json), finite-time exponents (.npy) or a run folder.",
    discussion: """
      INPUT is one of: the output of lyap spectrum --format json (writes PATH.svg: exponents \
      against index, batch std as a band); a --save-ftle .npy file [batch, qrSteps, k] \
      (writes PATH.svg: finite-time exponents against QR steps); a lyap train run folder \
      (writes the folder PATH with spectra.svg, spectrum-change.svg, loss.svg, accuracy.svg \
      and exponents-vs-loss.svg; see docs/plots.md). Exponents that are -infinity are drawn \
      on the axis floor and counted in the legend. Each path is printed as it is written.

      Examples:
        lyap spectrum --system henon --format json --output henon.json
        lyap plot henon.json --output henon
        lyap plot runs/smnist --output runs/smnist/figures --epochs 0,4,15
      """)

  @Argument(help: "A spectrum .json, a --save-ftle .npy or a lyap train run folder.")
  var input: String
  @Option(help: "Output: PATH.svg for one figure, the folder PATH for a run.") var output: String
  @Option(help: "Run folders: the epochs whose spectra are drawn (default: first, middle, last).")
  var epochs: String?
  @Flag(
    help: "A .npy file of finite-time exponents is [qrSteps, batch, k] (spectrum --time-major).")
  var timeMajor = false
  @Option(help: "Unit of the finite-time exponents in a .npy file.")
  var units: String = "nats per step"

  func run() throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
      throw CLIError("no such file or folder: \(input)")
    }
    if isFolder.boolValue {
      let url = URL(fileURLWithPath: input)
      guard FileManager.default.fileExists(atPath: url.appendingPathComponent("metrics.jsonl").path)
      else {
        throw CLIError(
          "\(input) is a folder without metrics.jsonl: lyap plot reads lyap train run folders "
            + "(config.json, metrics.jsonl, spectra.npy)")
      }
      let figures = try RunFigures(folder: url).figures(epochs: try parsedEpochs())
      do {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
      } catch {
        throw CLIError("cannot create the folder --output \(output): \(error.localizedDescription)")
      }
      for (name, figure) in figures {
        try write(figure, to: URL(fileURLWithPath: output).appendingPathComponent(name).path)
      }
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
          + "--save-ftle file (.npy) or a lyap train run folder")
    }
    try write(figure, to: output.hasSuffix(".svg") ? output : output + ".svg")
  }

  func parsedEpochs() throws -> [Int]? {
    guard let epochs else { return nil }
    let values = epochs.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ ($0 ?? -1) >= 0 }) else {
      throw CLIError("--epochs \(epochs): expected comma-separated epochs such as 0,4,15")
    }
    return values.map { $0! }
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
