import Foundation
import Testing

@testable import TensorIO

/// The strings `make_fixtures.py` saves in `U_2x2.npy` (dtype `<U5`).
private let fixtureStrings = ["a", "héllo", "", "日本\u{0}x😀"]

@Suite struct NPYStringsTests {
  @Test func encodesExactlyWhatNumPySaves() throws {
    let matrix = try NDStringArray(shape: [2, 2], data: fixtureStrings)
    #expect(try NPY.encode(matrix) == TestFiles.fixtureData("U_2x2.npy"))
    let scalar = try NDStringArray(shape: [], data: ["lyap"])
    #expect(try NPY.encode(scalar) == TestFiles.fixtureData("U_scalar.npy"))
  }

  @Test func decodesNumPyFiles() throws {
    let matrix = try NPY.readStrings(TestFiles.fixture("U_2x2.npy"))
    #expect(matrix.shape == [2, 2])
    #expect(matrix.data == fixtureStrings)
    let scalar = try NPY.readArray(TestFiles.fixture("U_scalar.npy"))
    #expect(scalar == .strings(try NDStringArray(shape: [], data: ["lyap"])))
  }

  @Test func elementsAreUTF32PaddedWithNULs() throws {
    // "é" is U+00E9 and "😀" U+1F600, one UTF-32 unit each; width 2 pads "é" with one NUL.
    let bytes = [UInt8](try NPY.encode(NDStringArray(["é", "😀x"])))
    #expect(
      Array(bytes.suffix(16)) == [0xE9, 0, 0, 0, 0, 0, 0, 0, 0x00, 0xF6, 0x01, 0, 0x78, 0, 0, 0])
    #expect(String(decoding: bytes[10..<60], as: UTF8.self).contains("'descr': '<U2'"))
  }

  @Test func roundTripsThroughAFile() throws {
    try TestFiles.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("s.npy")
      let array = try NDStringArray(shape: [3, 1], data: ["", "tab\there", "ünïcödé"])
      try NPY.write(array, to: url)
      #expect(try NPY.readStrings(url) == array)
    }
  }

  @Test func numericReadersNameTheStringDType() {
    expectTensorIOError("unsupportedDType", mentioning: ["'<U5'", "U_2x2.npy", "NPY.readStrings"]) {
      _ = try NPY.read(TestFiles.fixture("U_2x2.npy"), as: Double.self)
    }
    expectTensorIOError("unsupportedDType", mentioning: ["'<f8'", "f8_2x3.npy"]) {
      _ = try NPY.readStrings(TestFiles.fixture("f8_2x3.npy"))
    }
  }

  @Test func rejectsBigEndianAndNonScalarCodeUnits() throws {
    expectTensorIOError("bigEndian", mentioning: ["'>U2'", "U_bigendian.npy"]) {
      _ = try NPY.readStrings(TestFiles.fixture("U_bigendian.npy"))
    }
    var bytes = [UInt8](try NPY.encode(NDStringArray(["ab"])))
    bytes.replaceSubrange((bytes.count - 4)..., with: [0x00, 0xD8, 0, 0])  // a lone surrogate
    expectTensorIOError("corruptData", mentioning: ["0xD800", "element 0"]) {
      _ = try NPY.decodeStrings(Data(bytes))
    }
  }

  @Test func rejectsInconsistentShapes() {
    #expect(throws: TensorIOError.self) { try NDStringArray(shape: [2, 2], data: ["a"]) }
  }
}

@Suite struct NPZMixedArraysTests {
  @Test func readsNumPyArchivesMixingStringsAndNumbers() throws {
    let arrays = try NPZ.readArrays(TestFiles.fixture("mixed.npz"))
    #expect(arrays["names"] == .strings(NDStringArray(["x", "yz"])))
    #expect(arrays["values"] == .numbers(try NDArray(shape: [2], data: [1.5, -2])))
  }

  @Test func roundTripsMixedArrays() throws {
    let arrays: [String: NPYArray] = [
      "id": .strings(NDStringArray(["α", "β", "γδ"])),
      "loss": .numbers(try NDArray(shape: [3], data: [0.5, .nan, -.infinity])),
    ]
    let back = try NPZ.decodeArrays(NPZ.encode(arrays))
    #expect(back["id"] == arrays["id"])
    let loss = try #require(back["loss"]?.numbers)
    #expect(identicalValues(loss.data, [0.5, .nan, -.infinity]))
  }
}
