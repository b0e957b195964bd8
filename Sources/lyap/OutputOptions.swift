import ArgumentParser
import Foundation
import Lyapunov
import TensorIO

/// Output format of results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table
  case json
  case csv
}

/// Where and how a spectrum is written.
struct OutputOptions: ParsableArguments {
  @Option(help: "Output format: table (for people), json or csv (for programs).")
  var format: OutputFormat = .table

  @Option(
    help:
      "Write the result to this file instead of stdout (regular files atomically; links are written through, FIFOs and devices streamed; - is stdout)."
  )
  var output: String?

  @Option(help: "Save the R diagonals of every QR step, shape [batch, qrSteps, k], as .npy.")
  var saveR: String?

  @Option(
    help: "Save running-mean exponents after every QR step, shape [batch, qrSteps, k], as .npy.")
  var saveFtle: String?

  @Flag(
    help:
      "Time-major arrays, as PyTorch's default: --inputs read as [steps, batch, features], records written as [qrSteps, batch, k] and Q frames as [steps, batch, n, k]."
  )
  var timeMajor = false

  /// Fails before any work when a file to be written could not be.
  static func checkWritable(_ files: [(option: String, path: String?)]) throws {
    try OutputFile.checkWritable(files)
  }

  /// The files these options write.
  var files: [(option: String, path: String?)] {
    [("--output", output), ("--save-r", saveR), ("--save-ftle", saveFtle)]
  }

  /// Writes `text` to `--output` (`-` or none: stdout).
  func emit(_ text: String) throws {
    guard let output, output != "-" else {
      print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
      return
    }
    try OutputFile.write(Data(text.utf8), to: output, option: "--output")
  }

  /// Saves the requested records of `spectrum` as .npy files.
  func saveRecords(_ spectrum: LyapunovSpectrum) throws {
    if let saveR, let r = spectrum.rDiagonals { try saveCube(r, to: saveR, option: "--save-r") }
    if let saveFtle, let f = spectrum.ftleTraces {
      try saveCube(f, to: saveFtle, option: "--save-ftle")
    }
  }

  /// Writes a `[qrStep][trajectory][i]` record batch-major, as `--inputs` is: shape
  /// `[batch, qrSteps, k]` (with `--time-major`, as recorded: `[qrSteps, batch, k]`).
  private func saveCube(_ cube: [[[Double]]], to path: String, option: String) throws {
    let (steps, batch, k) = (cube.count, cube.first?.count ?? 0, cube.first?.first?.count ?? 0)
    var data = [Double]()
    data.reserveCapacity(steps * batch * k)
    if timeMajor {
      for step in cube { for row in step { data.append(contentsOf: row) } }
    } else {
      for b in 0..<batch { for s in 0..<steps { data.append(contentsOf: cube[s][b]) } }
    }
    let shape = timeMajor ? [steps, batch, k] : [batch, steps, k]
    let array = try NDArray<Double>(shape: shape, data: data)
    try OutputFile.write(try NPY.encode(array), to: path, option: option)
  }
}
