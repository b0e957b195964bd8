import Foundation
import TensorIO

/// Where the command line writes its outputs: a path given to an option, or `-` for
/// standard output. Paths are written by ``FileOutput`` (regular files atomically, through
/// links, streamed to FIFOs and devices, nothing else replaced).
enum OutputFile {
  /// Writes `data` to `path` (`-`: standard output), naming `option` in a failure.
  static func write(_ data: Data, to path: String, option: String) throws {
    do {
      if path == "-" {
        try FileOutput.writeStandardOutput(data)
      } else {
        try FileOutput.write(data, to: URL(fileURLWithPath: path))
      }
    } catch {
      throw CLIError("cannot write \(option) \(path): \(error)")
    }
  }

  /// Fails before any work when a file to be written could not be.
  static func checkWritable(_ files: [(option: String, path: String?)]) throws {
    for case let (option, path?) in files where path != "-" {
      guard !path.isEmpty else {
        throw CLIError("\(option) is empty: give a file name, or - for standard output")
      }
      do {
        try FileOutput.checkWritable(URL(fileURLWithPath: path))
      } catch {
        throw CLIError("cannot write \(option) \(path): \(error)")
      }
    }
  }

  /// Flushes what `print` buffered, remembering a failure for the exit status.
  static func flushStandardOutput() {
    if fflush(nil) != 0 && standardOutputError == 0 { standardOutputError = errno }
  }

  /// Exits with status 1 when standard output could not take what was printed (a full disk,
  /// `> /dev/full`), instead of ending with success; registered once at start.
  static func failOnUnwrittenStandardOutput() {
    atexit {
      OutputFile.flushStandardOutput()
      guard standardOutputError != 0 else { return }
      let reason = String(cString: strerror(standardOutputError))
      FileHandle.standardError.write(
        Data("Error: cannot write to standard output: \(reason)\n".utf8))
      _exit(1)
    }
  }
}

/// The `errno` of the first failed flush of standard output, 0 while none failed.
nonisolated(unsafe) private var standardOutputError: Int32 = 0
