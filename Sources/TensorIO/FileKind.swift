/// What a file is, guessed from its first bytes, to say which format a file given by
/// mistake really has ("this is a gzip file, not safetensors").
///
/// Signatures: safetensors an 8-byte little-endian header length that fits the file
/// followed by `{`; gzip `1F 8B`; ZIP `PK 03 04` (torch.save, .npz); a Python pickle `80`
/// and its protocol 2 to 5; .npy `93 NUMPY`; IDX two zero bytes, a known type code and 1 to
/// 4 dimensions; text when the first 16 bytes are printable ASCII, tabs or line ends.
///
/// The raw value describes the kind for a message, with a hint where one helps
/// ("a gzip-compressed file (decompress it first, e.g. with gunzip)").
public enum FileKind: String, CaseIterable, Sendable {
  case gzip = "a gzip-compressed file (decompress it first, e.g. with gunzip)"
  case zip = "a ZIP archive (a torch.save .pt file or a NumPy .npz)"
  case pickle = "a Python pickle"
  case npy = "a NumPy .npy file"
  case safetensors = "a safetensors file"
  case idx = "an IDX file (MNIST's format)"
  case text = "a text file"

  /// The kind of the bytes `raw`, or nil when none of the signatures matches.
  public static func recognize(_ raw: UnsafeRawBufferPointer) -> FileKind? {
    let head = Array(raw.prefix(16))
    // Safetensors first: its first byte is a length byte and may be any value (0x80 too).
    if head.count >= 9, head[8] == UInt8(ascii: "{") {
      let length = head.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
      if length <= UInt64(raw.count - 8) { return .safetensors }
    }
    if head.starts(with: [0x1F, 0x8B]) { return .gzip }
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .zip }
    if head.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) { return .npy }
    if head.count >= 2, head[0] == 0x80, (2...5).contains(head[1]) { return .pickle }
    if head.count >= 4, head[0] == 0, head[1] == 0,
      [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E].contains(head[2]), (1...4).contains(head[3])
    {
      return .idx
    }
    if !head.isEmpty,
      head.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
    {
      return .text
    }
    return nil
  }
}

extension FileKind {
  /// Throws ``TensorIOError/wrongFormat(source:format:found:)`` when `raw` is empty or is
  /// recognizably a kind other than `expected`; returns otherwise (the format's own checks
  /// then name what is wrong).
  static func check(
    _ raw: UnsafeRawBufferPointer, is expected: FileKind, format: TensorIOError.Format,
    source: String
  ) throws {
    if raw.isEmpty {
      throw TensorIOError.wrongFormat(source: source, format: format, found: "empty (0 bytes)")
    }
    // Text is named only for safetensors, whose reader would otherwise take the first 8
    // characters for a header length; the other formats' errors show the first bytes.
    if let kind = recognize(raw), kind != expected, kind != .text || expected == .safetensors {
      throw TensorIOError.wrongFormat(source: source, format: format, found: kind.rawValue)
    }
  }
}
