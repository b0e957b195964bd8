import Foundation
import Testing

@testable import TensorIO

/// Files of one format given where another is read: each named for what it is, and files
/// that are not regular files (devices, FIFOs) handled without a misleading message.
@Suite struct FileKindTests {
  /// A file of each kind, from fixtures or written by the format's own writer.
  static func samples() throws -> [(kind: FileKind, data: Data)] {
    let safetensors = try SafeTensorsFile<Double>(
      tensors: ["w": try NDArray(shape: [2], data: [1, 2])], metadata: ["a": "b"]
    ).encode()
    return [
      (.gzip, try TestFiles.fixtureData("u8_2x3x4.idx.gz")),
      (.zip, try TestFiles.fixtureData("savez.npz")),
      (.npy, try TestFiles.fixtureData("f8_2x3.npy")),
      (.pickle, Data([0x80, 0x02, 0x7D, 0x71, 0x00, 0x2E])),
      (.safetensors, safetensors),
      (.idx, try TestFiles.fixtureData("u8_2x3x4.idx")),
      (.text, Data("The quick brown fox jumps over the lazy dog.\n".utf8)),
    ]
  }

  @Test func recognizesEachKindByItsFirstBytes() throws {
    for (kind, data) in try Self.samples() {
      let found = data.withUnsafeBytes { FileKind.recognize($0) }
      #expect(found == kind, "\(kind) read as \(String(describing: found))")
    }
    #expect(Data([0x01, 0x02, 0x03]).withUnsafeBytes { FileKind.recognize($0) } == nil)
  }

  @Test func readersNameTheKindTheyWereGiven() throws {
    try TestFiles.withTemporaryDirectory { folder in
      for (kind, data) in try Self.samples() {
        let url = folder.appendingPathComponent("sample")
        try data.write(to: url)
        let readers: [(FileKind, String, () throws -> Void)] = [
          (.safetensors, "safetensors", { _ = try SafeTensorsFile<Double>.read(url) }),
          (.npy, ".npy", { _ = try NPY.read(url, as: Double.self) }),
          (.zip, ".npz", { _ = try NPZ.read(url, as: Double.self) }),
        ]
        // Text is named by the safetensors reader only (the others show the first bytes).
        for (own, format, read) in readers
        where own != kind && (kind != .text || own == .safetensors) {
          expectTensorIOError("wrongFormat", mentioning: [kind.rawValue, "not a \(format) file"]) {
            try read()
          }
        }
        if kind != .idx && kind != .gzip && kind != .text {
          expectTensorIOError("wrongFormat", mentioning: [kind.rawValue, "not an IDX file"]) {
            _ = try IDX.read(url)
          }
        }
      }
    }
  }

  /// A header length whose low byte is 0x80 (a pickle's first byte) is still safetensors.
  @Test func aSafetensorsHeaderOf128BytesIsNotAPickle() throws {
    for padding in 0..<64 {
      let file = SafeTensorsFile<Double>(
        tensors: ["w": try NDArray(shape: [1], data: [3])],
        metadata: ["pad": String(repeating: "x", count: padding)])
      let data = try file.encode()
      guard data.first == 0x80 else { continue }
      #expect(try SafeTensorsFile<Double>.decode(data) == file)
      return
    }
    Issue.record("no padding gave a 128-byte header")
  }

  @Test func emptyFilesAreCalledEmpty() throws {
    try TestFiles.withTemporaryDirectory { folder in
      let url = folder.appendingPathComponent("empty")
      try Data().write(to: url)
      let reads: [(String, () throws -> Void)] = [
        ("safetensors", { _ = try SafeTensorsFile<Double>.read(url) }),
        (".npy", { _ = try NPY.read(url, as: Double.self) }),
        (".npz", { _ = try NPZ.read(url, as: Double.self) }),
        ("IDX", { _ = try IDX.read(url) }),
      ]
      for (format, read) in reads {
        expectTensorIOError("wrongFormat", mentioning: ["empty (0 bytes)", format]) { try read() }
      }
    }
  }

  @Test func devicesAreRefusedByKind() {
    expectTensorIOError("unreadableFile", mentioning: ["'/dev/null'", "character device"]) {
      _ = try SafeTensorsFile<Double>.read(URL(fileURLWithPath: "/dev/null"))
    }
    expectTensorIOError("unreadableFile", mentioning: ["'/dev/zero'", "character device"]) {
      _ = try NPY.read(URL(fileURLWithPath: "/dev/zero"), as: Double.self)
    }
  }

  /// A FIFO (a shell's `<(...)`) is read to its end; the writer is a thread, and a reader
  /// that never returns fails the test by its timeout instead of hanging the suite.
  @Test(.timeLimit(.minutes(1))) func fifosAreReadToTheirEnd() throws {
    let array = try NDArray<Double>(shape: [3], data: [1, -2, 0.5])
    try TestFiles.withTemporaryDirectory { folder in
      let fifo = folder.appendingPathComponent("pipe")
      #expect(mkfifo(fifo.path, 0o600) == 0)
      let bytes = try NPY.encode(array)
      let writer = Thread {
        if let handle = FileHandle(forWritingAtPath: fifo.path) {
          handle.write(bytes)
          try? handle.close()
        }
      }
      writer.start()
      #expect(try NPY.read(fifo, as: Double.self) == array)
    }
  }
}
