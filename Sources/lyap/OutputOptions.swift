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

  @Option(help: "Write the result to this file (atomically) instead of stdout.")
  var output: String?

  @Option(help: "Save the R diagonals of every QR step, shape [qrSteps, batch, k], as .npy.")
  var saveR: String?

  @Option(
    help: "Save running-mean exponents after every QR step, shape [qrSteps, batch, k], as .npy.")
  var saveFtle: String?

  /// Fails before any work when a file to be written could not be: its folder is missing
  /// or not writable.
  static func checkWritable(_ files: [(option: String, path: String?)]) throws {
    for case let (option, path?) in files {
      let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
        isFolder.boolValue, FileManager.default.isWritableFile(atPath: folder)
      else {
        throw CLIError(
          "cannot write \(option) \(path): the folder \(folder) does not exist or is not writable")
      }
    }
  }

  /// The files these options write.
  var files: [(option: String, path: String?)] {
    [("--output", output), ("--save-r", saveR), ("--save-ftle", saveFtle)]
  }

  /// Writes `text` to `--output` or stdout.
  func emit(_ text: String) throws {
    guard let output else {
      print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
      return
    }
    do {
      try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
    } catch {
      throw CLIError(
        "cannot write --output \(output): \(error.localizedDescription); check that the folder exists and is writable"
      )
    }
  }

  /// Saves the requested records of `spectrum` as .npy files.
  func saveRecords(_ spectrum: LyapunovSpectrum) throws {
    if let saveR, let r = spectrum.rDiagonals { try saveCube(r, to: saveR, option: "--save-r") }
    if let saveFtle, let f = spectrum.ftleTraces {
      try saveCube(f, to: saveFtle, option: "--save-ftle")
    }
  }

  private func saveCube(_ cube: [[[Double]]], to path: String, option: String) throws {
    let shape = [cube.count, cube.first?.count ?? 0, cube.first?.first?.count ?? 0]
    do {
      let array = try NDArray<Double>(shape: shape, data: cube.flatMap { $0.flatMap { $0 } })
      try NPY.write(array, to: URL(fileURLWithPath: path))
    } catch {
      throw CLIError("cannot write \(option) \(path): \(error)")
    }
  }
}
