import Foundation

/// IDX files, the format of MNIST and Fashion-MNIST, plain or gzip-compressed.
///
/// Layout: two zero bytes, a type code (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32,
/// 0x0E f64), the number of dimensions, each dimension as a big-endian UInt32, then the values
/// big-endian in C order. MNIST images are `00 00 08 03` with shape `[n, 28, 28]`, labels
/// `00 00 08 01` with shape `[n]`. Gzip compression is detected by its magic bytes (`1F 8B`),
/// not by the file name.
///
/// Format: <http://yann.lecun.com/exdb/mnist/> (section "file formats").
public enum IDX {
  /// Reads an IDX file of unsigned bytes (MNIST images or labels).
  ///
  /// - Returns: the dimensions and the bytes in C order.
  /// - Throws: ``TensorIOError/wrongElementType(source:stored:)`` if the file holds another
  ///   type (use ``read(_:as:)``), or another ``TensorIOError`` when it is unreadable, not
  ///   IDX, or truncated.
  public static func read(_ url: URL) throws -> (shape: [Int], values: [UInt8]) {
    try decodeBytes(FileAccess.read(url), source: FileAccess.sourceName(url))
  }

  /// The dimensions an IDX file declares, read from its header alone (a gzipped file is
  /// inflated only as far as the header), so that sizes can be checked before the data is
  /// inflated and held.
  public static func readShape(_ url: URL) throws -> [Int] {
    let data = try FileAccess.read(url)
    let source = FileAccess.sourceName(url)
    return try data.withUnsafeBytes { raw in
      guard raw.count >= 2, raw[0] == 0x1F, raw[1] == 0x8B else {
        let head = Array(raw.prefix(4 + 4 * (raw.count >= 4 ? Int(raw[3]) : 0)))
        return try head.withUnsafeBytes { try Layout(header: $0, source: source).shape }
      }
      let first = try Zlib.gunzip(raw, source: source, prefix: 4)
      let rank = first.count >= 4 ? Int(first[3]) : 0
      let head = try Zlib.gunzip(raw, source: source, prefix: 4 + 4 * rank)
      return try head.withUnsafeBytes {
        try Layout(header: $0, source: "\(source) (after gunzip)").shape
      }
    }
  }

  /// Reads an IDX file of any element type, converting values to `Scalar`.
  public static func read<Scalar: BinaryFloatingPoint & Sendable>(
    _ url: URL, as type: Scalar.Type
  ) throws -> NDArray<Scalar> {
    try decode(FileAccess.read(url), as: type, source: FileAccess.sourceName(url))
  }

  /// Decodes the bytes of an IDX file of unsigned bytes, gunzipping them first if needed.
  public static func decode(_ data: Data) throws -> (shape: [Int], values: [UInt8]) {
    try decodeBytes(data, source: "the in-memory IDX data")
  }

  /// Decodes the bytes of an IDX file of any element type, gunzipping them first if needed.
  public static func decode<Scalar: BinaryFloatingPoint & Sendable>(
    _ data: Data, as type: Scalar.Type
  ) throws -> NDArray<Scalar> {
    try decode(data, as: type, source: "the in-memory IDX data")
  }

  static func decodeBytes(_ data: Data, source: String) throws -> (shape: [Int], values: [UInt8]) {
    try withPayload(data, source: source) { raw, source in
      let layout = try Layout(raw, source: source)
      guard layout.element == .uint8 else {
        throw TensorIOError.wrongElementType(
          source: source, stored: "\(layout.element.name) (\(hexByte(raw[2])))")
      }
      return (layout.shape, Array(raw[layout.dataStart...]))
    }
  }

  static func decode<Scalar: BinaryFloatingPoint & Sendable>(
    _ data: Data, as type: Scalar.Type, source: String
  ) throws -> NDArray<Scalar> {
    try withPayload(data, source: source) { raw, source in
      let layout = try Layout(raw, source: source)
      let values = layout.element.decode(
        UnsafeRawBufferPointer(rebasing: raw[layout.dataStart...]), count: layout.count,
        order: .big, as: Scalar.self)
      return NDArray(uncheckedShape: layout.shape, data: values)
    }
  }

  /// Calls `body` with the IDX bytes: `data` itself, or its gunzipped contents.
  private static func withPayload<Result>(
    _ data: Data, source: String, _ body: (UnsafeRawBufferPointer, String) throws -> Result
  ) throws -> Result {
    try data.withUnsafeBytes { raw in
      guard raw.count >= 2, raw[0] == 0x1F, raw[1] == 0x8B else { return try body(raw, source) }
      // Inflate no further than the header declares: a small file claiming millions of
      // images is refused after the header, not after gigabytes.
      let first = try Zlib.gunzip(raw, source: source, prefix: 4)
      let rank = first.count >= 4 ? Int(first[3]) : 0
      let head = try Zlib.gunzip(raw, source: source, prefix: 4 + 4 * rank)
      let declared = try head.withUnsafeBytes {
        try Layout(header: $0, source: "\(source) (after gunzip)")
      }
      let inflated = try Zlib.gunzip(
        raw, source: source, limit: declared.dataStart + declared.count * declared.element.byteSize)
      return try inflated.withUnsafeBytes { try body($0, "\(source) (after gunzip)") }
    }
  }

  /// The header fields of an IDX file, validated against its size.
  private struct Layout {
    var element: StoredElement
    var shape: [Int]
    var count: Int
    var dataStart: Int

    init(_ raw: UnsafeRawBufferPointer, source: String) throws {
      try self.init(header: raw, source: source)
      let byteCount = count * element.byteSize
      let available = raw.count - dataStart
      let part = "\(element.name) data for shape \(shape)"
      if available < byteCount {
        throw TensorIOError.truncated(
          source: source, part: part, expectedBytes: byteCount, actualBytes: available)
      }
      if available > byteCount {
        throw TensorIOError.byteCountMismatch(
          source: source, part: part, expectedBytes: byteCount, actualBytes: available)
      }
    }

    /// The header alone; `raw` may end after it.
    init(header raw: UnsafeRawBufferPointer, source: String) throws {
      let found = raw.prefixBytes(4)
      guard !found.isEmpty, found.prefix(2).allSatisfy({ $0 == 0 }) else {
        try FileKind.check(raw, is: .idx, format: .idx, source: source)
        throw TensorIOError.badMagic(
          source: source, format: .idx, found: found, expected: [0x00, 0x00, 0x08, 0x03])
      }
      guard raw.count >= 4 else {
        throw TensorIOError.truncated(
          source: source, part: "4-byte IDX magic number", expectedBytes: 4, actualBytes: raw.count)
      }
      switch raw[2] {
      case 0x08: element = .uint8
      case 0x09: element = .int8
      case 0x0B: element = .int16
      case 0x0C: element = .int32
      case 0x0D: element = .float32
      case 0x0E: element = .float64
      default:
        throw TensorIOError.unsupportedDType(
          source: source, format: .idx, tensor: nil, dtype: hexByte(raw[2]))
      }
      let rank = Int(raw[3])
      dataStart = 4 + 4 * rank
      guard raw.count >= dataStart else {
        throw TensorIOError.truncated(
          source: source, part: "header (\(rank) dimensions)", expectedBytes: dataStart,
          actualBytes: raw.count)
      }
      shape = (0..<rank).map { Int(raw.bigEndian(at: 4 + 4 * $0, as: UInt32.self)) }
      guard let count = NDArray<Double>.elementCount(of: shape),
        !count.multipliedReportingOverflow(by: element.byteSize).overflow
      else {
        throw TensorIOError.invalidShape(source: source, shape: shape)
      }
      self.count = count
    }
  }
}

private func hexByte(_ byte: UInt8) -> String {
  let digits = String(byte, radix: 16, uppercase: true)
  return "0x" + (digits.count == 1 ? "0" : "") + digits
}
