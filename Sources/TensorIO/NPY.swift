import Foundation

/// NumPy `.npy` files: one array with a small text header.
///
/// Reads format versions 1.0, 2.0 and 3.0 with little-endian, C-order dtypes `<f4` and `<f8`,
/// converting to the requested `Float` or `Double`; integer dtypes (`|i1` ... `<i8`,
/// `|u1` ... `<u8`) are converted too, and unicode strings (`<U{n}`) read as
/// ``NDStringArray`` (`NPY+Strings.swift`). Fortran order, big-endian and other dtypes are
/// errors with a hint. Writes what `np.save` writes for float32, float64 and unicode arrays,
/// byte for byte (version 1.0, or 2.0 when the header does not fit 64 KiB).
///
/// Format: <https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html>.
public enum NPY {
  /// The six bytes every `.npy` file starts with: `\x93NUMPY`.
  public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

  /// Reads the array in a `.npy` file, converting its values to `Scalar`.
  ///
  /// - Throws: ``TensorIOError`` when the file cannot be read, is not a `.npy` file, is
  ///   truncated, or stores an unsupported dtype or order.
  public static func read<Scalar: BinaryFloatingPoint & Sendable>(
    _ url: URL, as type: Scalar.Type = Scalar.self
  ) throws -> NDArray<Scalar> {
    let data = try FileAccess.read(url)
    return try data.withUnsafeBytes { raw in
      try decode(raw, as: Scalar.self, source: FileAccess.sourceName(url))
    }
  }

  /// Writes `array` atomically as a `.npy` file (`<f4` for `Float`, `<f8` for `Double`).
  ///
  /// - Throws: ``TensorIOError/shapeMismatch(tensor:shape:count:)`` when `data` does not
  ///   fit `shape`, ``TensorIOError/unwritableFile(path:reason:)`` when writing fails.
  public static func write<Scalar: BinaryFloatingPoint & Sendable>(
    _ array: NDArray<Scalar>, to url: URL
  ) throws {
    try FileAccess.writeAtomically(encode(array), to: url)
  }

  /// Decodes the bytes of a `.npy` file.
  public static func decode<Scalar: BinaryFloatingPoint & Sendable>(
    _ data: Data, as type: Scalar.Type = Scalar.self
  ) throws -> NDArray<Scalar> {
    try data.withUnsafeBytes { raw in
      try decode(raw, as: Scalar.self, source: "the in-memory .npy data")
    }
  }

  /// Encodes `array` as the bytes of a `.npy` file.
  public static func encode<Scalar: BinaryFloatingPoint & Sendable>(
    _ array: NDArray<Scalar>
  ) throws -> Data {
    Data(try encodedBytes(array, name: "array"))
  }

  static func encodedBytes<Scalar: BinaryFloatingPoint & Sendable>(
    _ array: NDArray<Scalar>, name: String
  ) throws -> [UInt8] {
    try array.validate(name: name)
    let element = try storedElement(for: Scalar.self)
    let descr = element == .float32 ? "<f4" : "<f8"
    var bytes = try NPYHeader(descr: descr, fortranOrder: false, shape: array.shape).encoded()
    bytes.reserveCapacity(bytes.count + array.data.count * element.byteSize)
    try appendLittleEndian(array.data, to: &bytes)
    return bytes
  }

  /// Decodes a `.npy` image; `source` names it in errors.
  static func decode<Scalar: BinaryFloatingPoint & Sendable>(
    _ raw: UnsafeRawBufferPointer, as type: Scalar.Type, source: String
  ) throws -> NDArray<Scalar> {
    let (header, dataStart) = try layout(raw, source: source)
    return try decodeNumbers(raw, header: header, dataStart: dataStart, source: source)
  }

  /// Checks the magic string and version and parses the header of a `.npy` image.
  ///
  /// - Returns: the header and the offset of the first data byte.
  static func layout(
    _ raw: UnsafeRawBufferPointer, source: String
  ) throws -> (header: NPYHeader, dataStart: Int) {
    let found = raw.prefixBytes(magic.count)
    guard !found.isEmpty, found == Array(magic.prefix(found.count)) else {
      try FileKind.check(raw, is: .npy, format: .npy, source: source)
      throw TensorIOError.badMagic(source: source, format: .npy, found: found, expected: magic)
    }
    guard raw.count >= 10 else {
      throw TensorIOError.truncated(
        source: source, part: "magic string, version and header length", expectedBytes: 10,
        actualBytes: raw.count)
    }
    let (major, minor) = (raw[6], raw[7])
    let lengthBytes: Int
    switch (major, minor) {
    case (1, 0): lengthBytes = 2
    case (2, 0), (3, 0): lengthBytes = 4
    default: throw TensorIOError.unsupportedVersion(source: source, version: "\(major).\(minor)")
    }
    let prefix = 8 + lengthBytes
    guard raw.count >= prefix else {
      throw TensorIOError.truncated(
        source: source, part: "header length field", expectedBytes: prefix, actualBytes: raw.count)
    }
    let headerLength =
      lengthBytes == 2
      ? Int(raw.littleEndian(at: 8, as: UInt16.self))
      : Int(raw.littleEndian(at: 8, as: UInt32.self))
    let dataStart = prefix + headerLength
    guard raw.count >= dataStart else {
      throw TensorIOError.truncated(
        source: source, part: "header (\(headerLength) bytes declared)", expectedBytes: dataStart,
        actualBytes: raw.count)
    }
    let header = try NPYHeader.parse(
      Array(raw[prefix..<dataStart]), utf8: major == 3, source: source)
    guard !header.fortranOrder else { throw TensorIOError.fortranOrder(source: source) }
    return (header, dataStart)
  }

  /// Decodes the numeric data after a parsed header, converting it to `Scalar`.
  static func decodeNumbers<Scalar: BinaryFloatingPoint & Sendable>(
    _ raw: UnsafeRawBufferPointer, header: NPYHeader, dataStart: Int, source: String
  ) throws -> NDArray<Scalar> {
    let element = try header.element(source: source)
    let count = try checkDataSize(
      raw, header: header, dataStart: dataStart, elementBytes: element.byteSize, source: source)
    let values = element.decode(
      UnsafeRawBufferPointer(rebasing: raw[dataStart...]), count: count, order: .little,
      as: Scalar.self)
    return NDArray(uncheckedShape: header.shape, data: values)
  }

  /// Checks that the data after the header holds exactly the elements the shape declares.
  ///
  /// - Returns: the element count.
  static func checkDataSize(
    _ raw: UnsafeRawBufferPointer, header: NPYHeader, dataStart: Int, elementBytes: Int,
    source: String
  ) throws -> Int {
    guard let count = NDArray<Double>.elementCount(of: header.shape),
      case (let byteCount, false) = count.multipliedReportingOverflow(by: elementBytes)
    else {
      throw TensorIOError.invalidShape(source: source, shape: header.shape)
    }
    let available = raw.count - dataStart
    let part = "array data (shape \(header.shape), dtype '\(header.descr)')"
    if available < byteCount {
      throw TensorIOError.truncated(
        source: source, part: part, expectedBytes: byteCount, actualBytes: available)
    }
    if available > byteCount {
      throw TensorIOError.byteCountMismatch(
        source: source, part: part, expectedBytes: byteCount, actualBytes: available)
    }
    return count
  }
}
