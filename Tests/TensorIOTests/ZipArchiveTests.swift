import Foundation
import Testing

@testable import TensorIO

@Suite struct ZipArchiveTests {
  func archive() throws -> [UInt8] {
    try ZipArchive.archive([("x.npy", ascii("abc")), ("y.npy", [])], source: "test")
  }

  @Test func listsMembersFromTheCentralDirectory() throws {
    let entries = try archive().withUnsafeBytes { try ZipArchive.entries(in: $0, source: "test") }
    #expect(entries.map(\.name) == ["x.npy", "y.npy"])
    #expect(entries.map(\.uncompressedSize) == [3, 0])
    #expect(entries.map(\.localHeaderOffset) == [0, 38])  // 30 + 5 + 3
    #expect(entries[0].crc32 == 0x3524_41C2)  // zlib.crc32(b"abc")
  }

  @Test func readsNumPysPlaceholderSizesInLocalHeaders() throws {
    // np.savez writes 0xFFFFFFFF sizes plus a ZIP64 extra field in each local header; the
    // central directory holds the real sizes.
    let bytes = [UInt8](try TestFiles.fixtureData("savez.npz"))
    #expect(Array(bytes[18..<26]) == [UInt8](repeating: 0xFF, count: 8))
    let arrays = try NPZ.decode(Data(bytes), as: Double.self)
    #expect(arrays.count == 5)
  }

  @Test func findsTheEndRecordBehindAComment() throws {
    var bytes = try archive()
    let comment = ascii("made by a test, PK\u{05}\u{06} inside")
    bytes[bytes.count - 2] = UInt8(comment.count)
    bytes += comment
    let entries = try bytes.withUnsafeBytes { try ZipArchive.entries(in: $0, source: "test") }
    #expect(entries.count == 2)
  }

  @Test func extractsAndChecksMembers() throws {
    let bytes = try archive()
    try bytes.withUnsafeBytes { raw in
      let entries = try ZipArchive.entries(in: raw, source: "test")
      let first = try ZipArchive.withContents(of: entries[0], in: raw, source: "test") { Array($0) }
      #expect(first == ascii("abc"))
      let second = try ZipArchive.withContents(of: entries[1], in: raw, source: "test") {
        Array($0)
      }
      #expect(second.isEmpty)
    }
  }

  @Test func rejectsEncryptedAndMultiVolumeArchives() throws {
    var encrypted = try archive()
    let central = encrypted.count - 22 - 2 * (46 + 5)
    encrypted[central + 8] |= 1
    expectTensorIOError("corruptData", mentioning: ["'x.npy' is encrypted"]) {
      _ = try encrypted.withUnsafeBytes { try ZipArchive.entries(in: $0, source: "test") }
    }
    var split = try archive()
    split[split.count - 18] = 1  // disk number
    expectTensorIOError("corruptData", mentioning: ["multi-volume"]) {
      _ = try split.withUnsafeBytes { try ZipArchive.entries(in: $0, source: "test") }
    }
  }

  @Test func rejectsADamagedCentralDirectory() throws {
    var bytes = try archive()
    bytes[bytes.count - 22 - 2 * (46 + 5)] = 0  // first central signature byte
    expectTensorIOError("corruptData", mentioning: ["entry 1 of 2"]) {
      _ = try bytes.withUnsafeBytes { try ZipArchive.entries(in: $0, source: "test") }
    }
  }
}
