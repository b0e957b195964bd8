import Foundation
import Testing

@testable import TensorIO

/// ``FileOutput`` replaces regular files atomically, writes through links, streams to FIFOs
/// and devices, and reports every failed write.
@Suite struct FileOutputTests {
  /// The `st_mode` file type bits of `path`, without following a final link.
  static func kind(_ path: String) -> UInt32 {
    var info = stat()
    guard lstat(path, &info) == 0 else { return 0 }
    return UInt32(info.st_mode) & 0o170000
  }

  static let regular: UInt32 = 0o100000
  static let link: UInt32 = 0o120000

  @Test func replacesARegularFileKeepingItsPermissionsAndNoTemporary() throws {
    try TestFiles.withTemporaryDirectory { directory in
      let file = directory.appendingPathComponent("out.json")
      try Data("old".utf8).write(to: file)
      chmod(file.path, 0o640)
      try FileOutput.write(Data("new".utf8), to: file)
      #expect(try String(contentsOf: file, encoding: .utf8) == "new")
      let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
      #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o640)
      #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.json"])
    }
  }

  @Test func writesThroughLinksToTheirTargets() throws {
    try TestFiles.withTemporaryDirectory { directory in
      let target = directory.appendingPathComponent("target.json")
      try Data("old".utf8).write(to: target)
      // A chain of two links, the first one relative.
      let middle = directory.appendingPathComponent("middle.json")
      try FileManager.default.createSymbolicLink(
        atPath: middle.path, withDestinationPath: target.path)
      let first = directory.appendingPathComponent("first.json")
      try FileManager.default.createSymbolicLink(
        atPath: first.path, withDestinationPath: "middle.json")
      try FileOutput.write(Data("new".utf8), to: first)
      #expect(Self.kind(first.path) == Self.link && Self.kind(middle.path) == Self.link)
      #expect(Self.kind(target.path) == Self.regular)
      #expect(try String(contentsOf: target, encoding: .utf8) == "new")
      // A dangling link is written at its target, which is created.
      let missing = directory.appendingPathComponent("later.json")
      let dangling = directory.appendingPathComponent("dangling.json")
      try FileManager.default.createSymbolicLink(
        atPath: dangling.path, withDestinationPath: missing.path)
      try FileOutput.write(Data("made".utf8), to: dangling)
      #expect(Self.kind(dangling.path) == Self.link)
      #expect(try String(contentsOf: missing, encoding: .utf8) == "made")
      // A loop of links is refused.
      let a = directory.appendingPathComponent("a")
      let b = directory.appendingPathComponent("b")
      try FileManager.default.createSymbolicLink(atPath: a.path, withDestinationPath: b.path)
      try FileManager.default.createSymbolicLink(atPath: b.path, withDestinationPath: a.path)
      expectTensorIOError("unwritableFile", mentioning: ["loop"]) {
        try FileOutput.write(Data("x".utf8), to: a)
      }
    }
  }

  @Test func streamsToAFIFOAndLeavesItAFIFO() throws {
    try TestFiles.withTemporaryDirectory { directory in
      let fifo = directory.appendingPathComponent("pipe")
      #expect(mkfifo(fifo.path, 0o600) == 0)
      let payload = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0) })
      let received = FIFOReader(path: fifo.path)
      try FileOutput.write(payload, to: fifo)
      let data = received.wait(seconds: 30)
      #expect(data == payload)
      #expect(Self.kind(fifo.path) == 0o010000)
    }
  }

  @Test func aFullDeviceIsAnErrorAndStaysADevice() throws {
    expectTensorIOError("unwritableFile", mentioning: ["/dev/full", "no space"]) {
      try FileOutput.write(Data("x".utf8), to: URL(fileURLWithPath: "/dev/full"))
    }
    #expect(Self.kind("/dev/full") == 0o020000)
    // An empty write to a device succeeds: nothing to write, nothing lost.
    try FileOutput.write(Data(), to: URL(fileURLWithPath: "/dev/null"))
  }

  @Test func refusesFoldersAndMissingFolders() throws {
    try TestFiles.withTemporaryDirectory { directory in
      expectTensorIOError("unwritableFile", mentioning: ["is a directory"]) {
        try FileOutput.write(Data("x".utf8), to: directory)
      }
      expectTensorIOError("unwritableFile", mentioning: ["is a directory"]) {
        try FileOutput.checkWritable(directory)
      }
      let nowhere = directory.appendingPathComponent("no/such/a.json")
      expectTensorIOError("unwritableFile", mentioning: ["does not exist"]) {
        try FileOutput.checkWritable(nowhere)
      }
      try FileOutput.checkWritable(directory.appendingPathComponent("new.json"))
      try FileOutput.checkWritable(URL(fileURLWithPath: "/dev/null"))
    }
  }

  @Test func removesOnlyTemporaries() throws {
    try TestFiles.withTemporaryDirectory { directory in
      for name in ["keep.json", ".keep.json.lyap-tmp-12-34", ".dat.nosync1234.abc"] {
        try Data("x".utf8).write(to: directory.appendingPathComponent(name))
      }
      FileOutput.removeTemporaries(in: directory)
      #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["keep.json"])
    }
  }
}

/// Reads a FIFO to its end on a thread of its own, so the writer can open it; `wait` gives up
/// after a timeout (unblocking the reader) so that a regression cannot hang the suite.
final class FIFOReader: @unchecked Sendable {
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
    // Open and close the writing end so that a reader still waiting in `open` returns.
    let fd = open(path, O_WRONLY | O_NONBLOCK)
    if fd >= 0 { close(fd) }
    _ = done.wait(timeout: .now() + 5)
    return nil
  }
}
