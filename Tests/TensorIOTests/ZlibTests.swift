import Foundation
import Testing

@testable import TensorIO

@Suite struct ZlibTests {
  @Test func computesStandardCRC32CheckValues() {
    // The CRC-32 check value from the catalogue of CRC algorithms, and two more from Python.
    #expect(ascii("123456789").withUnsafeBytes { Zlib.crc32($0) } == 0xCBF4_3926)
    #expect(ascii("hello, zlib").withUnsafeBytes { Zlib.crc32($0) } == 0x15D0_BA82)
    #expect([UInt8]().withUnsafeBytes { Zlib.crc32($0) } == 0)
  }

  /// "hello, zlib" as one stored deflate block: BFINAL=1 BTYPE=00, LEN=11, NLEN=~11, bytes.
  let storedBlock: [UInt8] = [0x01, 0x0B, 0x00, 0xF4, 0xFF] + ascii("hello, zlib")

  @Test func inflatesARawStoredBlock() throws {
    let output = try storedBlock.withUnsafeBytes {
      try Zlib.inflateRaw($0, expectedSize: 11, source: "test")
    }
    #expect(output == ascii("hello, zlib"))
  }

  @Test func rejectsARawStreamOfTheWrongSize() {
    expectTensorIOError("corruptData", mentioning: ["11 bytes", "says 12"]) {
      _ = try storedBlock.withUnsafeBytes {
        try Zlib.inflateRaw($0, expectedSize: 12, source: "test")
      }
    }
  }

  /// A gzip file spelled out per RFC 1952 around the stored block.
  var gzipFile: [UInt8] {
    [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]  // magic, deflate, no flags, mtime, OS
      + storedBlock
      + [0x82, 0xBA, 0xD0, 0x15]  // CRC-32 0x15D0BA82, little-endian
      + [0x0B, 0, 0, 0]  // ISIZE 11
  }

  @Test func gunzipsHandWrittenBytes() throws {
    #expect(
      try gzipFile.withUnsafeBytes { try Zlib.gunzip($0, source: "test") } == ascii("hello, zlib"))
  }

  @Test func gunzipsConcatenatedMembersAndIgnoresTrailingZeros() throws {
    let twice = gzipFile + gzipFile + [0, 0, 0, 0]
    #expect(
      try twice.withUnsafeBytes { try Zlib.gunzip($0, source: "test") }
        == ascii("hello, zlibhello, zlib"))
  }

  /// A ZIP member inflates no further than its directory's size (plus the output buffer's
  /// last growth): a small member cannot expand into gigabytes.
  @Test func stopsInflatingPastTheDirectorySize() {
    let payload = (0..<300).map { UInt8($0 % 251) }
    let block: [UInt8] = [0x01, 0x2C, 0x01, 0xD3, 0xFE] + payload
    expectTensorIOError("corruptData", mentioning: ["more than the 1 bytes", "ZIP directory"]) {
      _ = try block.withUnsafeBytes { try Zlib.inflateRaw($0, expectedSize: 1, source: "test") }
    }
  }

  /// Two gzip members of 40,000 bytes: the first guess (the last trailer's size, at least
  /// 64 KiB) is too small for both, so the output must grow.
  @Test func growsTheOutputPastItsFirstGuess() throws {
    let payload = (0..<40_000).map { UInt8($0 % 251) }
    let crc = payload.withUnsafeBytes { Zlib.crc32($0) }
    var member: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
    member += [0x01, 0x40, 0x9C, 0xBF, 0x63] + payload  // stored block, LEN 40000, NLEN ~LEN
    withUnsafeBytes(of: crc.littleEndian) { member += $0 }
    withUnsafeBytes(of: UInt32(40_000).littleEndian) { member += $0 }
    let output = try (member + member).withUnsafeBytes { try Zlib.gunzip($0, source: "test") }
    #expect(output == payload + payload)
  }

  @Test func checksTheGzipLengthTrailer() {
    var lying = gzipFile
    lying[lying.count - 4] = 12  // ISIZE 12 instead of 11
    expectTensorIOError("corruptData", mentioning: ["incorrect length check"]) {
      _ = try lying.withUnsafeBytes { try Zlib.gunzip($0, source: "test") }
    }
  }

  @Test func reportsTruncatedAndCorruptStreams() {
    let cut = Array(gzipFile.dropLast(6))
    expectTensorIOError("corruptData", mentioning: ["truncated", "\(cut.count) bytes"]) {
      _ = try cut.withUnsafeBytes { try Zlib.gunzip($0, source: "test") }
    }
    var badCRC = gzipFile
    badCRC[badCRC.count - 8] ^= 0xFF
    expectTensorIOError("corruptData", mentioning: ["incorrect data check"]) {
      _ = try badCRC.withUnsafeBytes { try Zlib.gunzip($0, source: "test") }
    }
    expectTensorIOError("corruptData", mentioning: ["truncated", "empty"]) {
      _ = try [UInt8]().withUnsafeBytes { try Zlib.gunzip($0, source: "test") }
    }
  }
}
