/// The small part of the ZIP format `.npz` files use.
///
/// Reading walks the central directory (sizes there are authoritative: NumPy writes
/// placeholder sizes plus a ZIP64 extra field in local headers) and extracts stored (0) and
/// deflate (8) members, checking each CRC-32. Writing produces stored members only.
/// ZIP64 archives (4 GiB and larger, or 65535+ members) are reported, not read.
///
/// Format: PKWARE APPNOTE.TXT, sections 4.3 and 4.4.
enum ZipArchive {
  /// One member as described by the central directory.
  struct Entry {
    var name: String
    var method: UInt16
    var crc32: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    var localHeaderOffset: Int
  }

  static let localHeaderSignature: UInt32 = 0x0403_4B50
  static let centralHeaderSignature: UInt32 = 0x0201_4B50
  static let endRecordSignature: UInt32 = 0x0605_4B50
  static let zip64LocatorSignature: UInt32 = 0x0706_4B50

  // MARK: Reading

  /// The members listed in the central directory, in directory order.
  static func entries(in raw: UnsafeRawBufferPointer, source: String) throws -> [Entry] {
    let found = raw.prefixBytes(4)
    let local: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    let empty: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    guard
      !found.isEmpty,
      found == Array(local.prefix(found.count)) || found == Array(empty.prefix(found.count))
    else {
      try FileKind.check(raw, is: .zip, format: .npz, source: source)
      throw TensorIOError.badMagic(source: source, format: .npz, found: found, expected: local)
    }
    let end = try endRecordOffset(in: raw, source: source)
    guard raw.littleEndian(at: end + 4, as: UInt16.self) == 0,
      raw.littleEndian(at: end + 6, as: UInt16.self) == 0
    else {
      throw TensorIOError.corruptData(
        source: source, detail: "it is part of a multi-volume ZIP archive, which is not supported")
    }
    let count = Int(raw.littleEndian(at: end + 10, as: UInt16.self))
    let directorySize = Int(raw.littleEndian(at: end + 12, as: UInt32.self))
    let directoryOffset = Int(raw.littleEndian(at: end + 16, as: UInt32.self))
    if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF
      || (end >= 20 && raw.littleEndian(at: end - 20, as: UInt32.self) == zip64LocatorSignature)
    {
      throw TensorIOError.zip64Required(
        source: source, detail: "has a ZIP64 end-of-central-directory record")
    }
    guard directoryOffset + directorySize <= end else {
      throw TensorIOError.truncated(
        source: source, part: "ZIP central directory",
        expectedBytes: directoryOffset + directorySize,
        actualBytes: end)
    }

    var entries: [Entry] = []
    var offset = directoryOffset
    for index in 0..<count {
      guard offset + 46 <= end,
        raw.littleEndian(at: offset, as: UInt32.self) == centralHeaderSignature
      else {
        throw TensorIOError.corruptData(
          source: source,
          detail: "central directory entry \(index + 1) of \(count) at byte \(offset) is damaged")
      }
      let flags = raw.littleEndian(at: offset + 8, as: UInt16.self)
      let nameLength = Int(raw.littleEndian(at: offset + 28, as: UInt16.self))
      let extraLength = Int(raw.littleEndian(at: offset + 30, as: UInt16.self))
      let commentLength = Int(raw.littleEndian(at: offset + 32, as: UInt16.self))
      let next = offset + 46 + nameLength + extraLength + commentLength
      guard next <= end else {
        throw TensorIOError.corruptData(
          source: source, detail: "central directory entry \(index + 1) runs past the directory")
      }
      let nameBytes = UnsafeRawBufferPointer(
        rebasing: raw[(offset + 46)..<(offset + 46 + nameLength)])
      let entry = Entry(
        name: String(decoding: nameBytes, as: UTF8.self),
        method: raw.littleEndian(at: offset + 10, as: UInt16.self),
        crc32: raw.littleEndian(at: offset + 16, as: UInt32.self),
        compressedSize: Int(raw.littleEndian(at: offset + 20, as: UInt32.self)),
        uncompressedSize: Int(raw.littleEndian(at: offset + 24, as: UInt32.self)),
        localHeaderOffset: Int(raw.littleEndian(at: offset + 42, as: UInt32.self)))
      if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF
        || entry.localHeaderOffset == 0xFFFF_FFFF
      {
        throw TensorIOError.zip64Required(
          source: source, detail: "stores member '\(entry.name)' with ZIP64 sizes or offsets")
      }
      if flags & 1 != 0 {
        throw TensorIOError.corruptData(
          source: source, detail: "member '\(entry.name)' is encrypted, which is not supported")
      }
      entries.append(entry)
      offset = next
    }
    return entries
  }

  /// The offset of the end-of-central-directory record, searched backwards over the
  /// largest possible archive comment.
  private static func endRecordOffset(in raw: UnsafeRawBufferPointer, source: String) throws -> Int
  {
    if raw.count >= 22 {
      let lowest = max(0, raw.count - 22 - Int(UInt16.max))
      for offset in stride(from: raw.count - 22, through: lowest, by: -1)
      where raw.littleEndian(at: offset, as: UInt32.self) == endRecordSignature {
        let commentLength = Int(raw.littleEndian(at: offset + 20, as: UInt16.self))
        if offset + 22 + commentLength <= raw.count { return offset }
      }
    }
    throw TensorIOError.corruptData(
      source: source,
      detail: "its \(raw.count) bytes contain no ZIP end-of-central-directory record, which "
        + "ends every ZIP archive; the file is most likely truncated")
  }

  /// The uncompressed bytes of `entry`, CRC-checked. Calls `body` with them.
  static func withContents<Result>(
    of entry: Entry, in raw: UnsafeRawBufferPointer, source: String,
    _ body: (UnsafeRawBufferPointer) throws -> Result
  ) throws -> Result {
    let memberSource = "member '\(entry.name)' of \(source)"
    let offset = entry.localHeaderOffset
    guard offset + 30 <= raw.count,
      raw.littleEndian(at: offset, as: UInt32.self) == localHeaderSignature
    else {
      throw TensorIOError.corruptData(
        source: source,
        detail: "the local header of member '\(entry.name)' at byte \(offset) is missing")
    }
    let nameLength = Int(raw.littleEndian(at: offset + 26, as: UInt16.self))
    let extraLength = Int(raw.littleEndian(at: offset + 28, as: UInt16.self))
    let start = offset + 30 + nameLength + extraLength
    let end = start + entry.compressedSize
    guard end <= raw.count else {
      throw TensorIOError.truncated(
        source: memberSource, part: "compressed data", expectedBytes: end, actualBytes: raw.count)
    }
    let stored = UnsafeRawBufferPointer(rebasing: raw[start..<end])
    switch entry.method {
    case 0:
      guard entry.compressedSize == entry.uncompressedSize else {
        throw TensorIOError.byteCountMismatch(
          source: memberSource, part: "stored data", expectedBytes: entry.uncompressedSize,
          actualBytes: entry.compressedSize)
      }
      try checkCRC(stored, entry: entry, source: memberSource)
      return try body(stored)
    case 8:
      let inflated = try Zlib.inflateRaw(
        stored, expectedSize: entry.uncompressedSize, source: memberSource)
      return try inflated.withUnsafeBytes { bytes in
        try checkCRC(bytes, entry: entry, source: memberSource)
        return try body(bytes)
      }
    default:
      throw TensorIOError.unsupportedCompression(
        source: source, member: entry.name, method: Int(entry.method))
    }
  }

  private static func checkCRC(
    _ bytes: UnsafeRawBufferPointer, entry: Entry, source: String
  ) throws {
    let actual = Zlib.crc32(bytes)
    guard actual == entry.crc32 else {
      throw TensorIOError.corruptData(
        source: source,
        detail: "its data has CRC-32 \(hex32(actual)) but the archive records \(hex32(entry.crc32))"
      )
    }
  }

  private static func hex32(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }

  // MARK: Writing

  /// A ZIP archive holding `members` uncompressed, in the given order.
  ///
  /// Timestamps are fixed at 1980-01-01 00:00 so equal inputs give equal files.
  static func archive(_ members: [(name: String, bytes: [UInt8])], source: String) throws -> [UInt8]
  {
    let total = members.reduce(22) { $0 + 76 + 2 * $1.name.utf8.count + $1.bytes.count }
    guard members.count < 0xFFFF, total < 0xFFFF_FFFF else {
      throw TensorIOError.zip64Required(
        source: source,
        detail: "would hold \(members.count) members in \(total) bytes")
    }
    var output: [UInt8] = []
    output.reserveCapacity(total)
    var central: [UInt8] = []
    for member in members {
      let name = Array(member.name.utf8)
      guard name.count <= Int(UInt16.max) else {
        throw TensorIOError.invalidName(
          name: String(member.name.prefix(40)) + "...",
          detail: "ZIP member names are limited to 65535 bytes, this one has \(name.count)")
      }
      let flags: UInt16 = name.allSatisfy { $0 < 0x80 } ? 0 : 1 << 11  // bit 11: UTF-8 name
      let crc = member.bytes.withUnsafeBytes { Zlib.crc32($0) }
      let offset = UInt32(output.count)

      func appendCommonFields(to bytes: inout [UInt8]) {
        bytes.appendLittleEndian(UInt16(20))  // version needed to extract: 2.0
        bytes.appendLittleEndian(flags)
        bytes.appendLittleEndian(UInt16(0))  // method: stored
        bytes.appendLittleEndian(UInt16(0))  // time 00:00:00
        bytes.appendLittleEndian(UInt16(0x21))  // date 1980-01-01
        bytes.appendLittleEndian(crc)
        bytes.appendLittleEndian(UInt32(member.bytes.count))  // compressed size
        bytes.appendLittleEndian(UInt32(member.bytes.count))  // uncompressed size
        bytes.appendLittleEndian(UInt16(name.count))
        bytes.appendLittleEndian(UInt16(0))  // extra field length
      }

      output.appendLittleEndian(localHeaderSignature)
      appendCommonFields(to: &output)
      output += name
      output += member.bytes

      central.appendLittleEndian(centralHeaderSignature)
      central.appendLittleEndian(UInt16(0x0314))  // made by: Unix, version 2.0
      appendCommonFields(to: &central)
      central.appendLittleEndian(UInt16(0))  // comment length
      central.appendLittleEndian(UInt16(0))  // disk number start
      central.appendLittleEndian(UInt16(0))  // internal attributes
      central.appendLittleEndian(UInt32(0o100644) << 16)  // external: regular file rw-r--r--
      central.appendLittleEndian(offset)
      central += name
    }
    let directoryOffset = UInt32(output.count)
    output += central
    output.appendLittleEndian(endRecordSignature)
    output.appendLittleEndian(UInt16(0))  // this disk
    output.appendLittleEndian(UInt16(0))  // disk with the central directory
    output.appendLittleEndian(UInt16(members.count))
    output.appendLittleEndian(UInt16(members.count))
    output.appendLittleEndian(UInt32(central.count))
    output.appendLittleEndian(directoryOffset)
    output.appendLittleEndian(UInt16(0))  // comment length
    return output
  }
}
