import Foundation
import Testing

@testable import TensorIO

/// The bytes `make_fixtures.py` stores in `u8_2x3x4.idx`: `(7 * i) % 256`.
private let u8Values = (0..<24).map { UInt8((7 * $0) % 256) }

private let mnist = TestFiles.shared.appendingPathComponent("data/mnist")

@Suite struct IDXFixtureTests {
  @Test(arguments: ["u8_2x3x4.idx", "u8_2x3x4.idx.gz", "u8_2x3x4_two_members.idx.gz"])
  func readsUnsignedBytesPlainAndGzipped(fixture: String) throws {
    let (shape, values) = try IDX.read(TestFiles.fixture(fixture))
    #expect(shape == [2, 3, 4])
    #expect(values == u8Values)
  }

  @Test func detectsGzipByContentNotByName() throws {
    try TestFiles.withTemporaryDirectory { directory in
      let gzipped = directory.appendingPathComponent("images.idx")
      try FileManager.default.copyItem(at: TestFiles.fixture("u8_2x3x4.idx.gz"), to: gzipped)
      #expect(try IDX.read(gzipped).values == u8Values)
      let plain = directory.appendingPathComponent("images.gz")
      try FileManager.default.copyItem(at: TestFiles.fixture("u8_2x3x4.idx"), to: plain)
      #expect(try IDX.read(plain).values == u8Values)
    }
  }

  @Test func convertsOtherElementTypes() throws {
    let int16 = try IDX.read(TestFiles.fixture("i16_2x3.idx"), as: Double.self)
    #expect(int16.shape == [2, 3])
    #expect(int16.data == [-300, -1, 0, 1, 300, 32767])
    let float32 = try IDX.read(TestFiles.fixture("f32_5.idx"), as: Float.self)
    #expect(float32.data == (0..<5).map { Float($0) / 3 })
    let float64 = try IDX.read(TestFiles.fixture("f64_4.idx.gz"), as: Double.self)
    #expect(float64.shape == [4])
    #expect(float64.data == (0..<4).map { Double($0) / 7 })
    let bytes = try IDX.read(TestFiles.fixture("u8_2x3x4.idx.gz"), as: Float.self)
    #expect(bytes.shape == [2, 3, 4])
    #expect(bytes.data == u8Values.map(Float.init))
  }

  @Test func decodesHandWrittenBytes() throws {
    let labels: [UInt8] = [0x00, 0x00, 0x08, 0x01, 0x00, 0x00, 0x00, 0x03, 7, 2, 1]
    let decoded = try IDX.decode(Data(labels))
    #expect(decoded.shape == [3])
    #expect(decoded.values == [7, 2, 1])
    let int32: [UInt8] = [0x00, 0x00, 0x0C, 0x01, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFE, 0, 1, 0, 0]
    #expect(try IDX.decode(Data(int32), as: Double.self).data == [-2, 65536])
    let int8: [UInt8] = [0x00, 0x00, 0x09, 0x02, 0, 0, 0, 1, 0, 0, 0, 2, 0x80, 0x7F]
    let signed = try IDX.decode(Data(int8), as: Float.self)
    #expect(signed.shape == [1, 2])
    #expect(signed.data == [-128, 127])
    let scalar: [UInt8] = [0x00, 0x00, 0x08, 0x00, 42]
    #expect(try IDX.decode(Data(scalar)).shape == [])
  }
}

@Suite struct IDXMNISTTests {
  @Test func readsTheMNISTTestImages() throws {
    let (shape, values) = try IDX.read(mnist.appendingPathComponent("t10k-images-idx3-ubyte.gz"))
    #expect(shape == [10000, 28, 28])
    #expect(values.count == 7_840_000)
    #expect(values.contains(255) && values.contains(0))
  }

  @Test func readsTheMNISTTestLabelsWithTheirKnownCounts() throws {
    let (shape, labels) = try IDX.read(mnist.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
    #expect(shape == [10000])
    #expect(labels.first == 7)
    #expect(labels.allSatisfy { $0 <= 9 })
    var counts = [Int](repeating: 0, count: 10)
    for label in labels { counts[Int(label)] += 1 }
    #expect(counts == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
  }
}

@Suite struct IDXErrorTests {
  @Test func rejectsOtherFiles() {
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A]
    expectTensorIOError(
      "badMagic", mentioning: ["not an IDX file", "0x89 0x50 0x4E 0x47", "0x00 0x00 0x08 0x03"]
    ) {
      _ = try IDX.decode(Data(png))
    }
  }

  @Test func rejectsUnknownTypeCodes() {
    expectTensorIOError("unsupportedDType", mentioning: ["0x0A", "0x08 (u8)"]) {
      _ = try IDX.decode(Data([0, 0, 0x0A, 1, 0, 0, 0, 1, 0]))
    }
  }

  @Test func rejectsTruncatedHeaders() {
    expectTensorIOError("truncated", mentioning: ["4 bytes", "only 3"]) {
      _ = try IDX.decode(Data([0, 0, 8]))
    }
    expectTensorIOError("truncated", mentioning: ["3 dimensions", "16 bytes", "only 10"]) {
      _ = try IDX.decode(Data([0, 0, 8, 3, 0, 0, 0, 2, 0, 0]))
    }
  }

  @Test func rejectsTruncatedAndOverlongData() throws {
    let plain = try TestFiles.fixtureData("u8_2x3x4.idx")
    expectTensorIOError("truncated", mentioning: ["24 bytes", "only 23", "[2, 3, 4]"]) {
      _ = try IDX.decode(plain.dropLast())
    }
    expectTensorIOError("byteCountMismatch", mentioning: ["24 bytes", "is 25 bytes"]) {
      _ = try IDX.decode(plain + Data([0]))
    }
    let floats = try TestFiles.fixtureData("f32_5.idx")
    expectTensorIOError("truncated", mentioning: ["float32", "20 bytes", "only 18"]) {
      _ = try IDX.decode(floats.dropLast(2), as: Double.self)
    }
  }

  @Test func rejectsTruncatedGzipNamingTheFile() throws {
    try TestFiles.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("cut.gz")
      try TestFiles.fixtureData("u8_2x3x4.idx.gz").prefix(30).write(to: url)
      expectTensorIOError("corruptData", mentioning: ["cut.gz", "truncated"]) {
        _ = try IDX.read(url)
      }
    }
  }

  @Test func namesDecompressedContentInErrors() throws {
    // A valid gzip file whose content is not IDX.
    var gzip: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
    gzip += [0x01, 0x0B, 0x00, 0xF4, 0xFF] + ascii("hello, zlib")
    gzip += [0x82, 0xBA, 0xD0, 0x15, 0x0B, 0, 0, 0]
    expectTensorIOError("badMagic", mentioning: ["(after gunzip)", "0x68 0x65 0x6C 0x6C"]) {
      _ = try IDX.decode(Data(gzip))
    }
  }

  @Test func asksForTheConvertingReaderForOtherTypes() {
    expectTensorIOError(
      "wrongElementType", mentioning: ["int16 (0x0B)", "unsigned bytes (IDX type 0x08)", "uint8"]
    ) {
      _ = try IDX.read(TestFiles.fixture("i16_2x3.idx"))
    }
  }

  @Test func reportsMissingFiles() {
    let missing = mnist.appendingPathComponent("no-such-file.gz")
    expectTensorIOError("unreadableFile", mentioning: ["no-such-file.gz"]) {
      _ = try IDX.read(missing)
    }
  }
}

/// Sizes are known from the header before the data is inflated, and inflation stops at the
/// size the header declares.
@Suite struct IDXHeaderTests {
  @Test func readsTheShapeFromTheHeaderAlone() throws {
    #expect(try IDX.readShape(TestFiles.fixture("u8_2x3x4.idx.gz")) == [2, 3, 4])
    #expect(try IDX.readShape(TestFiles.fixture("u8_2x3x4.idx")) == [2, 3, 4])
    let mnist = TestFiles.shared.appendingPathComponent("data/mnist")
    #expect(
      try IDX.readShape(mnist.appendingPathComponent("t10k-images-idx3-ubyte.gz"))
        == [10000, 28, 28])
  }

  @Test func stopsInflatingAtTheDeclaredSize() throws {
    // A gzip whose header declares 2 x 3 x 4 bytes but holds 1000 more.
    let plain =
      Array(try TestFiles.fixtureData("u8_2x3x4.idx")) + [UInt8](repeating: 7, count: 1000)
    let compressed = try Self.gzip(plain)
    expectTensorIOError("corruptData", mentioning: ["40 bytes its header declares"]) {
      _ = try IDX.decode(compressed)
    }
  }

  static func gzip(_ bytes: [UInt8]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(bytes))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
  }
}
