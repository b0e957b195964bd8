import Foundation

/// Unicode string arrays (`<U{n}`) in `.npy` files, and reading whichever kind a file holds.
extension NPY {
  /// Reads the string array in a `.npy` file of dtype `<U{n}`.
  ///
  /// - Throws: ``TensorIOError`` when the file cannot be read, is not a `.npy` file, is
  ///   truncated, holds another dtype, or holds a code unit that is not a Unicode scalar.
  public static func readStrings(_ url: URL) throws -> NDStringArray {
    try FileAccess.read(url).withUnsafeBytes { raw in
      try decodeStrings(raw, source: FileAccess.sourceName(url))
    }
  }

  /// Writes `array` atomically as a `.npy` file of dtype `<U{n}`, `n` its widest element.
  ///
  /// - Throws: ``TensorIOError/shapeMismatch(tensor:shape:count:)`` when `data` does not
  ///   fit `shape`, ``TensorIOError/unwritableFile(path:reason:)`` when writing fails.
  public static func write(_ array: NDStringArray, to url: URL) throws {
    try FileAccess.writeAtomically(encode(array), to: url)
  }

  /// Decodes the bytes of a `.npy` file of dtype `<U{n}`.
  public static func decodeStrings(_ data: Data) throws -> NDStringArray {
    try data.withUnsafeBytes { raw in
      try decodeStrings(raw, source: "the in-memory .npy data")
    }
  }

  /// Encodes `array` as the bytes `np.save` writes for it.
  public static func encode(_ array: NDStringArray) throws -> Data {
    Data(try encodedBytes(array, name: "array"))
  }

  /// Reads the array in a `.npy` file, numbers (converted to `Double`) or strings.
  public static func readArray(_ url: URL) throws -> NPYArray {
    try FileAccess.read(url).withUnsafeBytes { raw in
      try decodeArray(raw, source: FileAccess.sourceName(url))
    }
  }

  static func encodedBytes(_ array: NDStringArray, name: String) throws -> [UInt8] {
    guard NDArray<Double>.elementCount(of: array.shape) == array.data.count else {
      throw TensorIOError.shapeMismatch(tensor: name, shape: array.shape, count: array.data.count)
    }
    let width = array.width
    var bytes = try NPYHeader(descr: "<U\(width)", fortranOrder: false, shape: array.shape)
      .encoded()
    array.appendUTF32(to: &bytes, width: width)
    return bytes
  }

  static func encodedBytes(_ array: NPYArray, name: String) throws -> [UInt8] {
    switch array {
    case .numbers(let numbers): return try encodedBytes(numbers, name: name)
    case .strings(let strings): return try encodedBytes(strings, name: name)
    }
  }

  static func decodeStrings(_ raw: UnsafeRawBufferPointer, source: String) throws -> NDStringArray {
    let (header, dataStart) = try layout(raw, source: source)
    guard let width = try header.unicodeWidth(source: source) else {
      throw TensorIOError.unsupportedDType(
        source: source, format: .npy, tensor: nil, dtype: header.descr)
    }
    return try decodeStrings(
      raw, header: header, width: width, dataStart: dataStart, source: source)
  }

  /// Decodes numbers or strings, whichever the header declares.
  static func decodeArray(_ raw: UnsafeRawBufferPointer, source: String) throws -> NPYArray {
    let (header, dataStart) = try layout(raw, source: source)
    if let width = try header.unicodeWidth(source: source) {
      return .strings(
        try decodeStrings(raw, header: header, width: width, dataStart: dataStart, source: source))
    }
    return .numbers(try decodeNumbers(raw, header: header, dataStart: dataStart, source: source))
  }

  private static func decodeStrings(
    _ raw: UnsafeRawBufferPointer, header: NPYHeader, width: Int, dataStart: Int, source: String
  ) throws -> NDStringArray {
    guard case (let elementBytes, false) = width.multipliedReportingOverflow(by: 4) else {
      throw TensorIOError.unsupportedDType(
        source: source, format: .npy, tensor: nil, dtype: header.descr)
    }
    let count = try checkDataSize(
      raw, header: header, dataStart: dataStart, elementBytes: elementBytes, source: source)
    let strings = try NDStringArray.decodeUTF32(
      UnsafeRawBufferPointer(rebasing: raw[dataStart...]), count: count, width: width,
      source: source)
    return try NDStringArray(shape: header.shape, data: strings)
  }
}
