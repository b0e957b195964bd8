import Foundation
import Testing

/// Where `lyap` writes: links written through, FIFOs and devices streamed and never replaced,
/// `-` as stdout, and every failed write a non-zero exit.
@Suite struct OutputTests {
  static let henon = ["spectrum", "--system", "henon", "--steps", "10", "--format", "json"]

  /// The `st_mode` file type bits of `path`, without following a final link.
  static func kind(_ path: String) -> UInt32 {
    var info = stat()
    guard lstat(path, &info) == 0 else { return 0 }
    return UInt32(info.st_mode) & 0o170000
  }

  /// Runs `lyap` with stdout sent to the file at `stdoutPath`; the exit status and stderr.
  static func lyap(_ arguments: [String], stdoutPath: String) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = CommandLineTests.binary
    process.arguments = arguments
    guard let out = FileHandle(forWritingAtPath: stdoutPath) else {
      throw CocoaError(.fileWriteUnknown)
    }
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
  }

  static func exponents(_ json: Data) throws -> [Double] {
    let object = try JSONSerialization.jsonObject(with: json) as? [String: Any]
    return object?["exponents"] as? [Double] ?? []
  }

  @Test func aLinkIsWrittenThroughAndStaysALink() throws {
    let target = CommandLineTests.temporary("target.json")
    let link = CommandLineTests.temporary("l.json")
    defer { for path in [target, link] { try? FileManager.default.removeItem(atPath: path) } }
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let run = try CommandLineTests.lyap(Self.henon + ["--output", link])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(Self.kind(link) == 0o120000)
    #expect(try Self.exponents(Data(contentsOf: URL(fileURLWithPath: target))).count == 2)
  }

  @Test func aFIFOIsStreamedAndStaysAFIFO() throws {
    let fifo = CommandLineTests.temporary("fifo")
    defer { try? FileManager.default.removeItem(atPath: fifo) }
    #expect(mkfifo(fifo, 0o600) == 0)
    let reader = CLIFIFOReader(path: fifo)
    let run = try CommandLineTests.lyap(Self.henon + ["--output", fifo])
    let data = reader.wait(seconds: 60)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try Self.exponents(data ?? Data()).count == 2, "nothing arrived through the FIFO")
    #expect(Self.kind(fifo) == 0o010000)
  }

  @Test func dashIsStandardOutput() throws {
    let run = try CommandLineTests.lyap(Self.henon + ["--output", "-"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try Self.exponents(Data(run.stdout.utf8)).count == 2)
    #expect(!FileManager.default.fileExists(atPath: "-"))
  }

  @Test func aFullDeviceFailsAndStaysADevice() throws {
    for option in ["--output", "--save-r", "--save-ftle"] {
      let run = try CommandLineTests.lyap(Self.henon + [option, "/dev/full"])
      #expect(run.status != 0 && run.stderr.contains("/dev/full"), "\(option): \(run.stderr)")
      #expect(Self.kind("/dev/full") == 0o020000)
    }
    let folder = try CommandLineTests.lyap(
      Self.henon + ["--output", FileManager.default.temporaryDirectory.path])
    #expect(folder.status != 0 && folder.stderr.contains("is a directory"), "\(folder.stderr)")
  }

  @Test func aFullStandardOutputIsAnError() throws {
    let (status, stderr) = try Self.lyap(
      ["spectrum", "--system", "henon", "--steps", "10"], stdoutPath: "/dev/full")
    #expect(status == 1 && stderr.contains("standard output"), "\(stderr)")
    let text = CommandLineTests.temporary("text.txt")
    let folder = CommandLineTests.temporary("run")
    defer { for path in [text, folder] { try? FileManager.default.removeItem(atPath: path) } }
    try String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 20)
      .write(toFile: text, atomically: true, encoding: .utf8)
    let (trainStatus, trainError) = try Self.lyap(
      [
        "train", "--task", "charrnn", "--text", text, "--arch", "rnn", "--hidden-size", "4",
        "--seq-len", "10", "--batch-size", "4", "--epochs", "1", "--spectrum-every", "0",
        "--run-dir", folder,
      ], stdoutPath: "/dev/full")
    #expect(trainStatus == 1 && trainError.contains("standard output"), "\(trainError)")
  }
}

/// Reads a FIFO to its end on its own thread; `wait` gives up after a timeout, unblocking the
/// reader, so that a regression cannot hang the suite.
final class CLIFIFOReader: @unchecked Sendable {
  private let path: String
  private let done = DispatchSemaphore(value: 0)
  private var data = Data()

  init(path: String) {
    self.path = path
    Thread.detachNewThread { [self] in
      let fd = open(path, O_RDONLY)
      if fd >= 0 {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
          let count = read(fd, &buffer, buffer.count)
          if count <= 0 { break }
          data.append(contentsOf: buffer[0..<count])
        }
        close(fd)
      }
      done.signal()
    }
  }

  /// What was read, or nil when nothing closed the FIFO within `seconds`.
  func wait(seconds: Double) -> Data? {
    if done.wait(timeout: .now() + seconds) == .success { return data }
    let fd = open(path, O_WRONLY | O_NONBLOCK)
    if fd >= 0 { close(fd) }
    _ = done.wait(timeout: .now() + 5)
    return nil
  }
}
