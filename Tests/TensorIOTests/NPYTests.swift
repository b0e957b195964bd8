import Foundation
import Testing

@testable import TensorIO

/// The values `make_fixtures.py` stores: float32 `i / 3` and float64 `i / 7`.
private func f4Values(_ n: Int) -> [Float] { (0..<n).map { Float($0) / 3 } }
private func f8Values(_ n: Int) -> [Double] { (0..<n).map { Double($0) / 7 } }

/// `[1.0, -2.0]` as float64 `.npy` bytes, spelled out per the NumPy format specification.
private let handWrittenNPY: [UInt8] =
  [0x93] + ascii("NUMPY") + [0x01, 0x00]  // magic, version 1.0
  + [0x76, 0x00]  // header length 118: 10 + 118 = 128, a multiple of 64
  + ascii("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }")  // 57 bytes
  + spaces(20)  // room to grow the first dimension: 21 digits minus len("2")
  + spaces(40) + [0x0A]  // padding to 64-byte alignment and the closing newline
  + [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]  // 1.0
  + [0, 0, 0, 0, 0, 0, 0x00, 0xC0]  // -2.0

@Suite struct NPYBytesTests {
  @Test func encodesTheBytesTheSpecificationPrescribes() throws {
    let array = try NDArray<Double>(shape: [2], data: [1, -2])
    #expect([UInt8](try NPY.encode(array)) == handWrittenNPY)
  }

  @Test func decodesHandWrittenBytes() throws {
    let array = try NPY.decode(Data(handWrittenNPY), as: Double.self)
    #expect(array.shape == [2])
    #expect(array.data == [1, -2])
  }

  @Test func decodesAnyKeyOrderSpacingAndQuoting() throws {
    let headers = [
      #"{"shape":(2,3),"fortran_order":False,"descr":"<f4"}"#,
      "{ 'fortran_order' : False , 'shape' : ( 2 , 3 , ) , 'descr' : u'<f4' , }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L)}\n",
      "{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3]}",
    ]
    for header in headers {
      var bytes = NPY.magic + [1, 0] + [UInt8(header.utf8.count), 0] + ascii(header)
      for value in [Float(0.5), -1, 2, 3, 4, 5] {
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
      }
      let array = try NPY.decode(Data(bytes), as: Float.self)
      #expect(array.shape == [2, 3], "header \(header)")
      #expect(array.data == [0.5, -1, 2, 3, 4, 5], "header \(header)")
    }
  }

  @Test(arguments: ["f4_2x3.npy", "f8_2x3.npy", "f8_scalar.npy", "f4_empty.npy"])
  func encodesExactlyWhatNumPySaves(fixture: String) throws {
    let numpyBytes = try TestFiles.fixtureData(fixture)
    let encoded: Data
    switch fixture {
    case "f4_2x3.npy": encoded = try NPY.encode(NDArray(shape: [2, 3], data: f4Values(6)))
    case "f8_2x3.npy": encoded = try NPY.encode(NDArray(shape: [2, 3], data: f8Values(6)))
    case "f8_scalar.npy": encoded = try NPY.encode(NDArray(scalar: 2.5))
    default: encoded = try NPY.encode(NDArray<Float>(shape: [0, 3], data: []))
    }
    #expect(encoded == numpyBytes)
  }

  @Test func writesVersion2WhenTheHeaderExceeds64KiB() throws {
    let shape = [Int](repeating: 1, count: 22_000)  // "1, " x 22000 > 65535 bytes
    let bytes = try NPY.encode(NDArray<Double>(shape: shape, data: [3]))
    #expect(Array(bytes.prefix(8)) == NPY.magic + [2, 0])
    let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16
    #expect((12 + headerLength) % 64 == 0)
    let decoded = try NPY.decode(bytes, as: Double.self)
    #expect(decoded.shape == shape)
    #expect(decoded.data == [3])
  }
}

@Suite struct NPYNumPyFixtureTests {
  @Test func readsFloat32AsFloatAndExactlyWidenedAsDouble() throws {
    let url = TestFiles.fixture("f4_2x3.npy")
    let floats = try NPY.read(url, as: Float.self)
    #expect(floats.shape == [2, 3])
    #expect(floats.data == f4Values(6))
    let doubles = try NPY.read(url, as: Double.self)
    #expect(doubles.data == f4Values(6).map(Double.init))
  }

  @Test func readsFloat64AsDoubleAndRoundedAsFloat() throws {
    let url = TestFiles.fixture("f8_2x3.npy")
    #expect(try NPY.read(url, as: Double.self).data == f8Values(6))
    #expect(try NPY.read(url, as: Float.self).data == f8Values(6).map(Float.init))
  }

  @Test func readsScalarAndEmptyArrays() throws {
    let scalar = try NPY.read(TestFiles.fixture("f8_scalar.npy"), as: Double.self)
    #expect(scalar == NDArray(scalar: 2.5))
    #expect(scalar.rank == 0)
    let empty = try NPY.read(TestFiles.fixture("f4_empty.npy"), as: Float.self)
    #expect(empty.shape == [0, 3])
    #expect(empty.data.isEmpty)
  }

  @Test func convertsIntegerDTypes() throws {
    #expect(
      try NPY.read(TestFiles.fixture("i4_5.npy"), as: Double.self).data
        == [-2, -1, 0, 1, 2_147_483_647])
    #expect(
      try NPY.read(TestFiles.fixture("i8_4.npy"), as: Double.self).data
        == [-1_099_511_627_776, -1, 0, 9_007_199_254_740_992])
    let bytes = try NPY.read(TestFiles.fixture("u1_2x2.npy"), as: Float.self)
    #expect(bytes.shape == [2, 2])
    #expect(bytes.data == [0, 1, 128, 255])
  }

  @Test(arguments: ["f8_v2.npy", "f8_v3.npy"])
  func readsFormatVersions2And3(fixture: String) throws {
    let bytes = try TestFiles.fixtureData(fixture)
    #expect(bytes[6] == (fixture == "f8_v2.npy" ? 2 : 3))
    let array = try NPY.read(TestFiles.fixture(fixture), as: Double.self)
    #expect(array.shape == [2, 2])
    #expect(array.data == f8Values(4))
  }

  @Test func readsTheSharedRNNInputs() throws {
    let url = TestFiles.shared.appendingPathComponent("vectors/rnn_h16_x.npy")
    let inputs = try NPY.read(url, as: Double.self)
    #expect(inputs.shape == [4, 300, 3])
    #expect(inputs.data.allSatisfy { $0.isFinite })
  }
}

@Suite struct NPYRoundTripTests {
  static let shapes: [[Int]] = [[], [0], [7], [2, 3], [2, 0, 4], [1, 1, 1, 5], [3, 4, 5]]

  @Test(arguments: shapes)
  func roundTripsDoubleThroughAFile(shape: [Int]) throws {
    let array = try NDArray(
      shape: shape, data: awkwardValues(Double.self, count: shape.reduce(1, *)))
    try TestFiles.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("a.npy")
      try NPY.write(array, to: url)
      let back = try NPY.read(url, as: Double.self)
      #expect(back.shape == shape)
      #expect(identicalValues(back.data, array.data))
      #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a.npy"])
    }
  }

  @Test(arguments: shapes)
  func roundTripsFloatThroughAFile(shape: [Int]) throws {
    let array = try NDArray(
      shape: shape, data: awkwardValues(Float.self, count: shape.reduce(1, *)))
    try TestFiles.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("a.npy")
      try NPY.write(array, to: url)
      let back = try NPY.read(url, as: Float.self)
      #expect(back.shape == shape)
      #expect(identicalValues(back.data, array.data))
    }
  }

  @Test func overwritesAnExistingFile() throws {
    try TestFiles.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("a.npy")
      try NPY.write(NDArray<Double>(shape: [3], data: [1, 2, 3]), to: url)
      try NPY.write(NDArray<Double>(scalar: 9), to: url)
      #expect(try NPY.read(url, as: Double.self) == NDArray(scalar: 9))
    }
  }
}

@Suite struct NPYErrorTests {
  /// A valid float64 `.npy` file of shape (2, 3): 128 header bytes and 48 data bytes.
  func validFile() throws -> Data { try TestFiles.fixtureData("f8_2x3.npy") }

  /// `header` as a version 1.0 file followed by `dataBytes` zero bytes.
  func file(header: String, dataBytes: Int = 0) -> Data {
    Data(
      NPY.magic + [1, 0, UInt8(header.utf8.count), 0] + ascii(header)
        + [UInt8](repeating: 0, count: dataBytes))
  }

  @Test func rejectsOtherFileTypes() {
    expectTensorIOError("wrongFormat", mentioning: ["ZIP archive", "not a .npy file"]) {
      _ = try NPY.decode(Data([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0, 0, 0]), as: Double.self)
    }
    expectTensorIOError("badMagic", mentioning: ["0x01 0x02 0x03", ".npy"]) {
      _ = try NPY.decode(Data([0x01, 0x02, 0x03, 0x04, 0, 0, 0, 0, 0, 0]), as: Double.self)
    }
  }

  @Test func rejectsEmptyAndShortFiles() {
    expectTensorIOError("wrongFormat", mentioning: ["empty (0 bytes)", ".npy"]) {
      _ = try NPY.decode(Data(), as: Double.self)
    }
    expectTensorIOError("truncated", mentioning: ["10 bytes", "only 6"]) {
      _ = try NPY.decode(Data(NPY.magic), as: Double.self)
    }
  }

  @Test func rejectsUnknownVersions() {
    expectTensorIOError("unsupportedVersion", mentioning: ["4.0", "1.0, 2.0 and 3.0"]) {
      _ = try NPY.decode(Data(NPY.magic + [4, 0, 0, 0]), as: Double.self)
    }
  }

  @Test func rejectsATruncatedHeader() throws {
    let cut = try validFile().prefix(100)
    expectTensorIOError("truncated", mentioning: ["118 bytes declared", "128 bytes", "only 100"]) {
      _ = try NPY.decode(cut, as: Double.self)
    }
  }

  @Test func rejectsTruncatedData() throws {
    let cut = try validFile().dropLast(5)
    expectTensorIOError("truncated", mentioning: ["48 bytes", "only 43", "[2, 3]"]) {
      _ = try NPY.decode(cut, as: Double.self)
    }
  }

  @Test func rejectsTrailingData() throws {
    let long = try validFile() + Data([1, 2, 3])
    expectTensorIOError("byteCountMismatch", mentioning: ["48 bytes", "51 bytes"]) {
      _ = try NPY.decode(long, as: Double.self)
    }
  }

  @Test func rejectsFortranOrder() {
    expectTensorIOError(
      "fortranOrder", mentioning: ["fortran_order: True", "np.ascontiguousarray"]
    ) {
      _ = try NPY.read(TestFiles.fixture("f8_fortran.npy"), as: Double.self)
    }
  }

  @Test func rejectsBigEndian() {
    expectTensorIOError("bigEndian", mentioning: ["'>f8'", "f8_bigendian.npy"]) {
      _ = try NPY.read(TestFiles.fixture("f8_bigendian.npy"), as: Double.self)
    }
  }

  @Test func rejectsUnsupportedDTypes() {
    expectTensorIOError("unsupportedDType", mentioning: ["'<f2'", "astype(np.float64)"]) {
      _ = try NPY.read(TestFiles.fixture("f2_3.npy"), as: Double.self)
    }
    expectTensorIOError("unsupportedDType", mentioning: ["[('x', '<f4'), ('y', '<f8')]"]) {
      _ = try NPY.read(TestFiles.fixture("structured.npy"), as: Double.self)
    }
    expectTensorIOError("unsupportedDType", mentioning: ["'<c16'"]) {
      _ = try NPY.decode(
        file(header: "{'descr': '<c16', 'fortran_order': False, 'shape': (1,)}"), as: Double.self)
    }
  }

  @Test func rejectsMalformedHeaders() {
    let cases: [(header: String, mention: String)] = [
      ("{'fortran_order': False, 'shape': (1,)}", "'descr' is missing"),
      ("{'descr': '<f8', 'shape': (1,)}", "'fortran_order' is missing"),
      ("{'descr': '<f8', 'fortran_order': False}", "'shape' is missing"),
      ("{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}", "found 0"),
      ("{'descr': '<f8', 'fortran_order': False, 'shape': 1}", "found 1"),
      ("{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,)}", "fraction"),
      ("{'descr': '<f8' 'fortran_order': False}", "expected ',' or '}'"),
      ("{'descr: '<f8'}", "expected ':'"),
      ("{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} x", "unexpected text"),
      ("['descr']", "expected a dictionary"),
      (
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)",
        "expected ',' or '}' after the value of 'shape'"
      ),
      ("{'descr': '<f8', ", "missing '}'"),
    ]
    for (header, mention) in cases {
      expectTensorIOError("malformedHeader", mentioning: [mention]) {
        _ = try NPY.decode(file(header: header, dataBytes: 8), as: Double.self)
      }
    }
  }

  @Test func rejectsNegativeAndOverflowingShapes() {
    expectTensorIOError("invalidShape", mentioning: ["[2, -1]"]) {
      _ = try NPY.decode(
        file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1)}"), as: Double.self)
    }
    expectTensorIOError("invalidShape", mentioning: ["[4294967296, 4294967296]"]) {
      _ = try NPY.decode(
        file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}"),
        as: Double.self)
    }
  }

  @Test func rejectsInconsistentArraysOnWrite() {
    var array = NDArray<Double>(scalar: 1)
    array.shape = [2, 3]
    expectTensorIOError("shapeMismatch", mentioning: ["[2, 3]", "6 elements", "1 values"]) {
      _ = try NPY.encode(array)
    }
  }

  #if !(os(macOS) && arch(x86_64))
    @Test func rejectsWritingOtherScalarTypes() throws {
      let halves = try NDArray<Float16>(shape: [1], data: [1])
      expectTensorIOError("unsupportedScalarType", mentioning: ["Float16"]) {
        _ = try NPY.encode(halves)
      }
      // Reading into Float16 converts like any BinaryFloatingPoint.
      #expect(try NPY.decode(Data(handWrittenNPY), as: Float16.self).data == [1, -2])
    }
  #endif

  @Test func reportsMissingFilesAndDirectories() throws {
    try TestFiles.withTemporaryDirectory { directory in
      let missing = directory.appendingPathComponent("missing.npy")
      expectTensorIOError("unreadableFile", mentioning: [missing.path, "no such file"]) {
        _ = try NPY.read(missing, as: Double.self)
      }
      let nowhere = directory.appendingPathComponent("no/such/dir/a.npy")
      expectTensorIOError("unwritableFile", mentioning: [nowhere.path, "does not exist"]) {
        try NPY.write(NDArray<Double>(scalar: 1), to: nowhere)
      }
      expectTensorIOError("unreadableFile", mentioning: ["is a directory"]) {
        _ = try NPY.read(directory, as: Double.self)
      }
    }
  }
}
