import CZlib
import Foundation

/// The parts of zlib TensorIO needs: CRC-32, raw inflate (ZIP members) and gunzip (IDX files).
enum Zlib {
  /// The CRC-32 (ISO 3309, as in ZIP and gzip) of `bytes`.
  static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var crc: uLong = CZlib.crc32(0, nil, 0)
    var offset = 0
    while offset < bytes.count {
      let chunk = Swift.min(bytes.count - offset, 1 << 30)
      crc = CZlib.crc32(
        crc, bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self),
        uInt(chunk))
      offset += chunk
    }
    return UInt32(truncatingIfNeeded: crc)
  }

  /// Inflates a raw deflate stream (no zlib or gzip wrapper), as stored in ZIP members.
  ///
  /// - Parameter expectedSize: the uncompressed size from the ZIP directory; a different
  ///   result is an error.
  static func inflateRaw(
    _ compressed: UnsafeRawBufferPointer, expectedSize: Int, source: String
  ) throws -> [UInt8] {
    // The directory's size is untrusted; deflate expands at most ~1032:1.
    let capacity = Swift.min(expectedSize, compressed.count * 1032 + 64)
    let output = try inflate(
      compressed, windowBits: -15, capacity: capacity, multipleMembers: false, limit: expectedSize,
      source: source)
    guard output.count == expectedSize else {
      throw TensorIOError.corruptData(
        source: source,
        detail: "its deflate data inflates to \(output.count) bytes but the ZIP directory "
          + "says \(expectedSize)")
    }
    return output
  }

  /// Decompresses a gzip file, including files made of several concatenated gzip members.
  ///
  /// - Parameters:
  ///   - prefix: stop once this many bytes are out (to read a header without the rest).
  ///   - limit: past this many bytes stop with an error (the size a header declares).
  static func gunzip(
    _ compressed: UnsafeRawBufferPointer, source: String, prefix: Int? = nil, limit: Int? = nil
  ) throws -> [UInt8] {
    // The trailer's ISIZE (size mod 2^32) is a good first guess; deflate expands at most
    // ~1032:1, which bounds the guess when the trailer is garbage.
    var capacity = 1 << 16
    if compressed.count >= 18 {
      let isize = Int(compressed.littleEndian(at: compressed.count - 4, as: UInt32.self))
      capacity = Swift.max(capacity, Swift.min(isize, compressed.count * 1032))
    }
    if let prefix { capacity = prefix }
    if let limit { capacity = Swift.min(capacity, limit + 1) }
    return try inflate(
      compressed, windowBits: 15 + 16, capacity: capacity, multipleMembers: true, prefix: prefix,
      limit: limit, source: source)
  }

  /// Runs zlib's inflate over all of `input`, growing the output as needed; past `limit`
  /// bytes it stops with an error (a small member must not expand into gigabytes).
  private static func inflate(
    _ input: UnsafeRawBufferPointer, windowBits: Int32, capacity: Int, multipleMembers: Bool,
    prefix: Int? = nil, limit: Int? = nil, source: String
  ) throws -> [UInt8] {
    var stream = z_stream()
    guard czlib_inflateInit2(&stream, windowBits) == Z_OK else {
      throw TensorIOError.corruptData(source: source, detail: "zlib could not start inflating")
    }
    defer { inflateEnd(&stream) }

    var output = [UInt8](repeating: 0, count: Swift.max(capacity, 64))
    var produced = 0
    var consumed = 0
    guard let inputBase = input.baseAddress, !input.isEmpty else {
      throw TensorIOError.corruptData(
        source: source, detail: "its compressed stream is empty; the file is truncated")
    }
    while true {
      if produced == output.count {
        output.append(contentsOf: repeatElement(0, count: output.count))
      }
      let availableIn = uInt(Swift.min(input.count - consumed, Int(uInt.max)))
      let status: Int32 = output.withUnsafeMutableBytes { out in
        stream.next_in = UnsafeMutablePointer(
          mutating: inputBase.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
        stream.avail_in = availableIn
        let availableOut = uInt(Swift.min(out.count - produced, Int(uInt.max)))
        stream.next_out = out.baseAddress!.advanced(by: produced).assumingMemoryBound(
          to: Bytef.self)
        stream.avail_out = availableOut
        let status = CZlib.inflate(&stream, Z_NO_FLUSH)
        produced += Int(availableOut - stream.avail_out)
        consumed += Int(availableIn - stream.avail_in)
        return status
      }
      if let prefix, produced >= prefix {
        output.removeSubrange(produced...)
        return output
      }
      if let limit, produced > limit {
        throw TensorIOError.corruptData(
          source: source,
          detail: "its deflate data inflates to more than the \(limit) bytes its "
            + (windowBits < 0 ? "ZIP directory says" : "header declares"))
      }
      switch status {
      case Z_STREAM_END:
        // Another gzip member may follow (as `cat a.gz b.gz` makes); anything else after the
        // end, such as zero padding, is ignored like `gzip -d` does.
        let rest = input.count - consumed
        if multipleMembers, rest >= 2, input[consumed] == 0x1F, input[consumed + 1] == 0x8B {
          inflateReset(&stream)
          continue
        }
        output.removeSubrange(produced...)
        return output
      case Z_OK:
        continue
      case Z_BUF_ERROR where consumed == input.count:
        // No progress with output space left: the input ran out before the end marker.
        throw TensorIOError.corruptData(
          source: source,
          detail: "its compressed stream stops without an end marker after all "
            + "\(input.count) bytes (\(produced) bytes decompressed so far); the file is "
            + "truncated")
      default:
        let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        throw TensorIOError.corruptData(
          source: source,
          detail: "its compressed data is invalid at byte \(consumed) (\(message))")
      }
    }
  }
}
