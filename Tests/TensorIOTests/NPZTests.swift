import Foundation
import Testing

@testable import TensorIO

/// The arrays `make_fixtures.py` puts in `savez.npz` and `savez_compressed.npz`.
private func expectFixtureMembers(_ arrays: [String: NDArray<Double>]) {
  #expect(Set(arrays.keys) == ["f4", "f8", "scalar", "empty", "ints"])
  #expect(arrays["f4"]?.shape == [2, 3])
  #expect(arrays["f4"]?.data == (0..<6).map { Double(Float($0) / 3) })
  #expect(arrays["f8"]?.shape == [2, 3])
  #expect(arrays["f8"]?.data == (0..<6).map { Double($0) / 7 })
  #expect(arrays["scalar"] == NDArray(scalar: 2.5))
  #expect(arrays["empty"]?.shape == [0, 3])
  #expect(arrays["empty"]?.data == [])
  #expect(arrays["ints"]?.data == [-2, -1, 0, 1, 2_147_483_647])
}

/// The offset of the first central directory entry of an archive without a comment.
private func centralDirectoryOffset(_ bytes: [UInt8]) -> Int {
  let end = bytes.count - 22
  return Int(bytes[end + 16]) | Int(bytes[end + 17]) << 8 | Int(bytes[end + 18]) << 16
    | Int(bytes[end + 19]) << 24
}

@Suite struct NPZNumPyFixtureTests {
  @Test func readsNpSavez() throws {
    expectFixtureMembers(try NPZ.read(TestFiles.fixture("savez.npz"), as: Double.self))
  }

  @Test func readsNpSavezCompressed() throws {
    let bytes = try TestFiles.fixtureData("savez_compressed.npz")
    #expect(bytes[8] == 8)  // the first member really is deflated
    expectFixtureMembers(try NPZ.read(TestFiles.fixture("savez_compressed.npz"), as: Double.self))
  }

  @Test func readsAsFloat() throws {
    let arrays = try NPZ.read(TestFiles.fixture("savez_compressed.npz"), as: Float.self)
    #expect(arrays["f4"]?.data == (0..<6).map { Float($0) / 3 })
    #expect(arrays["f8"]?.data == (0..<6).map { Float(Double($0) / 7) })
  }
}

@Suite struct NPZWriteTests {
  @Test func writesStoredMembersWithCorrectHeaders() throws {
    let array = try NDArray<Double>(shape: [2], data: [1, -2])
    let bytes = [UInt8](try NPZ.encode(["a": array]))
    let member = [UInt8](try NPY.encode(array))  // 128-byte .npy (see NPYTests)
    #expect(member.count == 144)
    let crc: [UInt8] = [0x44, 0xD8, 0x12, 0x52]  // zlib.crc32 of the member: 0x5212D844
    let local: [UInt8] =
      [0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0] + crc
      + [144, 0, 0, 0, 144, 0, 0, 0, 5, 0, 0, 0] + ascii("a.npy")
    let central: [UInt8] =
      [0x50, 0x4B, 0x01, 0x02, 0x14, 0x03, 20, 0, 0, 0, 0, 0, 0, 0, 0x21, 0] + crc
      + [144, 0, 0, 0, 144, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xA4, 0x81, 0, 0, 0, 0]
      + ascii("a.npy")
    let directoryOffset = local.count + member.count  // 179
    let end: [UInt8] =
      [0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0, UInt8(central.count), 0, 0, 0]
      + [UInt8(directoryOffset), 0, 0, 0, 0, 0]
    #expect(bytes == local + member + central + end)
  }

  @Test func sortsMembersByName() throws {
    let arrays = ["b": NDArray<Float>(scalar: 2), "a": NDArray<Float>(scalar: 1)]
    let bytes = [UInt8](try NPZ.encode(arrays))
    let entries = try bytes.withUnsafeBytes { try ZipArchive.entries(in: $0, source: "test") }
    #expect(entries.map(\.name) == ["a.npy", "b.npy"])
    #expect(entries.allSatisfy { $0.method == 0 })
  }

  static let shapes: [[Int]] = [[], [0], [4], [2, 3], [3, 0], [2, 2, 2]]

  @Test func roundTripsDoubleAndFloatThroughAFile() throws {
    var doubles: [String: NDArray<Double>] = [:]
    var floats: [String: NDArray<Float>] = [:]
    for (index, shape) in Self.shapes.enumerated() {
      let count = shape.reduce(1, *)
      doubles["d\(index)"] = try NDArray(
        shape: shape, data: awkwardValues(Double.self, count: count))
      floats["layer.\(index)/weight ü"] = try NDArray(
        shape: shape, data: awkwardValues(Float.self, count: count))
    }
    try TestFiles.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("arrays.npz")
      try NPZ.write(doubles, to: url)
      let backDoubles = try NPZ.read(url, as: Double.self)
      #expect(backDoubles.keys.sorted() == doubles.keys.sorted())
      for (key, array) in doubles {
        #expect(backDoubles[key]?.shape == array.shape)
        #expect(identicalValues(backDoubles[key]?.data ?? [], array.data))
      }
      try NPZ.write(floats, to: url)
      let backFloats = try NPZ.read(url, as: Float.self)
      #expect(backFloats.keys.sorted() == floats.keys.sorted())
      for (key, array) in floats {
        #expect(backFloats[key]?.shape == array.shape)
        #expect(identicalValues(backFloats[key]?.data ?? [], array.data))
      }
    }
  }

  @Test func roundTripsAnEmptyArchive() throws {
    let bytes = try NPZ.encode([String: NDArray<Double>]())
    #expect(bytes.count == 22)
    #expect(try NPZ.decode(bytes, as: Double.self).isEmpty)
  }

  @Test func rejectsEmptyNames() {
    expectTensorIOError("invalidName", mentioning: ["''", "must not be empty"]) {
      _ = try NPZ.encode(["": NDArray<Double>(scalar: 1)])
    }
  }

  @Test func rejectsInconsistentArrays() {
    var array = NDArray<Float>(scalar: 1)
    array.data = [1, 2]
    expectTensorIOError("shapeMismatch", mentioning: ["'w'", "2 values"]) {
      _ = try NPZ.encode(["w": array])
    }
  }
}

@Suite struct NPZErrorTests {
  func storedArchive() throws -> [UInt8] {
    [UInt8](try NPZ.encode(["a": NDArray<Double>(shape: [2], data: [1, -2])]))
  }

  @Test func rejectsNonZipFiles() throws {
    let npy = try TestFiles.fixtureData("f8_2x3.npy")
    expectTensorIOError("wrongFormat", mentioning: ["NumPy .npy file", "not a .npz file"]) {
      _ = try NPZ.decode(npy, as: Double.self)
    }
    expectTensorIOError("badMagic", mentioning: ["0x01 0x02 0x03 0x04", "ZIP archive"]) {
      _ = try NPZ.decode(Data([1, 2, 3, 4, 5, 6, 7, 8]), as: Double.self)
    }
  }

  @Test func rejectsATruncatedArchive() throws {
    let cut = try TestFiles.fixtureData("savez.npz").prefix(700)
    expectTensorIOError(
      "corruptData", mentioning: ["700 bytes", "end-of-central-directory", "truncated"]
    ) {
      _ = try NPZ.decode(cut, as: Double.self)
    }
  }

  @Test func rejectsAMemberRunningPastTheEnd() throws {
    var bytes = try storedArchive()
    let central = centralDirectoryOffset(bytes)
    bytes[central + 20] = 0xF0  // compressed size 144 -> 240
    bytes[central + 24] = 0xF0
    expectTensorIOError("truncated", mentioning: ["Member 'a.npy'", "275 bytes", "only 252"]) {
      _ = try NPZ.decode(Data(bytes), as: Double.self)
    }
  }

  @Test func detectsCRCMismatches() throws {
    var bytes = try storedArchive()
    bytes[35 + 128] ^= 0x01  // one bit of the first value
    expectTensorIOError("corruptData", mentioning: ["0x5212D844", "Member 'a.npy'"]) {
      _ = try NPZ.decode(Data(bytes), as: Double.self)
    }
  }

  @Test func rejectsOtherCompressionMethods() throws {
    var bytes = try storedArchive()
    bytes[centralDirectoryOffset(bytes) + 10] = 12  // bzip2
    expectTensorIOError("unsupportedCompression", mentioning: ["method 12", "'a.npy'"]) {
      _ = try NPZ.decode(Data(bytes), as: Double.self)
    }
  }

  @Test func reportsZip64Archives() throws {
    var bytes = try storedArchive()
    let central = centralDirectoryOffset(bytes)
    for i in 0..<4 { bytes[central + 24 + i] = 0xFF }
    expectTensorIOError("zip64Required", mentioning: ["'a.npy'", "ZIP64"]) {
      _ = try NPZ.decode(Data(bytes), as: Double.self)
    }
    var many = try storedArchive()
    many[many.count - 12] = 0xFF  // total entries 0xFFFF
    many[many.count - 11] = 0xFF
    expectTensorIOError("zip64Required", mentioning: ["end-of-central-directory"]) {
      _ = try NPZ.decode(Data(many), as: Double.self)
    }
  }

  @Test func rejectsCorruptDeflateData() throws {
    var bytes = [UInt8](try TestFiles.fixtureData("savez_compressed.npz"))
    let nameLength = Int(bytes[26])
    let extraLength = Int(bytes[28])
    let start = 30 + nameLength + extraLength
    for i in start..<(start + 8) { bytes[i] = 0xFF }
    expectTensorIOError("corruptData", mentioning: ["Member 'f4.npy'", "invalid"]) {
      _ = try NPZ.decode(Data(bytes), as: Double.self)
    }
  }

  @Test func namesTheMemberWhenItsArrayIsBad() throws {
    let fortran = [UInt8](try TestFiles.fixtureData("f8_fortran.npy"))
    let archive = try ZipArchive.archive([("w.npy", fortran)], source: "test")
    expectTensorIOError("fortranOrder", mentioning: ["Member 'w.npy' of the in-memory .npz data"]) {
      _ = try NPZ.decode(Data(archive), as: Double.self)
    }
  }

  @Test func rejectsDuplicateMembers() throws {
    let member = [UInt8](try NPY.encode(NDArray<Double>(scalar: 1)))
    let archive = try ZipArchive.archive([("a.npy", member), ("a.npy", member)], source: "test")
    expectTensorIOError("corruptData", mentioning: ["'a.npy' twice"]) {
      _ = try NPZ.decode(Data(archive), as: Double.self)
    }
  }

  @Test func skipsMembersThatAreNotArrays() throws {
    let member = [UInt8](try NPY.encode(NDArray<Double>(scalar: 1)))
    let archive = try ZipArchive.archive(
      [("a.npy", member), ("README.txt", ascii("hi"))], source: "test")
    #expect(try NPZ.decode(Data(archive), as: Double.self).keys.sorted() == ["a"])
  }
}
