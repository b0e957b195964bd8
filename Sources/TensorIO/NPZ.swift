import Foundation

/// NumPy `.npz` files: a ZIP archive of `.npy` members, one per named array.
///
/// Reads archives from `np.savez` (stored members) and `np.savez_compressed` (deflate
/// members); keys are member names without `.npy`, and members not ending in `.npy` are
/// skipped. Writes stored (uncompressed) members in key order, which `np.load` reads.
/// Archives that mix numeric and unicode string (`<U{n}`) members read and write as
/// ``NPYArray`` values.
public enum NPZ {
  /// Reads every array in a `.npz` file, converting values to `Scalar`.
  ///
  /// - Returns: the arrays keyed by member name without the `.npy` suffix.
  /// - Throws: ``TensorIOError`` when the file is unreadable, not a ZIP archive, truncated,
  ///   fails its CRC check, or holds a member `NPY` cannot read.
  public static func read<Scalar: BinaryFloatingPoint & Sendable>(
    _ url: URL, as type: Scalar.Type = Scalar.self
  ) throws -> [String: NDArray<Scalar>] {
    let data = try FileAccess.read(url)
    return try data.withUnsafeBytes { raw in
      try decode(raw, as: Scalar.self, source: FileAccess.sourceName(url))
    }
  }

  /// Writes `arrays` atomically as a `.npz` file of stored `.npy` members, sorted by key.
  ///
  /// - Throws: ``TensorIOError/invalidName(name:detail:)`` for an empty key,
  ///   ``TensorIOError/shapeMismatch(tensor:shape:count:)`` for an inconsistent array,
  ///   ``TensorIOError/zip64Required(source:detail:)`` when the archive would reach 4 GiB.
  public static func write<Scalar: BinaryFloatingPoint & Sendable>(
    _ arrays: [String: NDArray<Scalar>], to url: URL
  ) throws {
    try FileAccess.writeAtomically(
      Data(try encodedBytes(arrays, source: FileAccess.sourceName(url))), to: url)
  }

  /// Decodes the bytes of a `.npz` file.
  public static func decode<Scalar: BinaryFloatingPoint & Sendable>(
    _ data: Data, as type: Scalar.Type = Scalar.self
  ) throws -> [String: NDArray<Scalar>] {
    try data.withUnsafeBytes { raw in
      try decode(raw, as: Scalar.self, source: "the in-memory .npz data")
    }
  }

  /// Encodes `arrays` as the bytes of a `.npz` file.
  public static func encode<Scalar: BinaryFloatingPoint & Sendable>(
    _ arrays: [String: NDArray<Scalar>]
  ) throws -> Data {
    Data(try encodedBytes(arrays, source: "the .npz archive"))
  }

  static func decode<Scalar: BinaryFloatingPoint & Sendable>(
    _ raw: UnsafeRawBufferPointer, as type: Scalar.Type, source: String
  ) throws -> [String: NDArray<Scalar>] {
    try decodeMembers(raw, source: source) { bytes, memberSource in
      try NPY.decode(bytes, as: Scalar.self, source: memberSource)
    }
  }

  static func encodedBytes<Scalar: BinaryFloatingPoint & Sendable>(
    _ arrays: [String: NDArray<Scalar>], source: String
  ) throws -> [UInt8] {
    try archive(arrays, source: source) { array, name in try NPY.encodedBytes(array, name: name) }
  }

  /// Decodes every `.npy` member with `decode`, keyed by name without the suffix.
  private static func decodeMembers<Member>(
    _ raw: UnsafeRawBufferPointer, source: String,
    _ decode: (UnsafeRawBufferPointer, String) throws -> Member
  ) throws -> [String: Member] {
    var arrays: [String: Member] = [:]
    for entry in try ZipArchive.entries(in: raw, source: source) where entry.name.hasSuffix(".npy")
    {
      let key = String(entry.name.dropLast(4))
      guard arrays[key] == nil else {
        throw TensorIOError.corruptData(
          source: source, detail: "it holds member '\(entry.name)' twice")
      }
      arrays[key] = try ZipArchive.withContents(of: entry, in: raw, source: source) { bytes in
        try decode(bytes, "member '\(entry.name)' of \(source)")
      }
    }
    return arrays
  }

  /// Archives `arrays` as stored `.npy` members sorted by key, each encoded by `encode`.
  private static func archive<Member>(
    _ arrays: [String: Member], source: String, _ encode: (Member, String) throws -> [UInt8]
  ) throws -> [UInt8] {
    var members: [(name: String, bytes: [UInt8])] = []
    for (key, array) in arrays.sorted(by: { $0.key < $1.key }) {
      guard !key.isEmpty else {
        throw TensorIOError.invalidName(name: key, detail: "array names must not be empty")
      }
      members.append((key + ".npy", try encode(array, key)))
    }
    return try ZipArchive.archive(members, source: source)
  }

  /// Reads every array in a `.npz` file, numbers (converted to `Double`) or strings.
  ///
  /// - Returns: the arrays keyed by member name without the `.npy` suffix.
  /// - Throws: as ``read(_:as:)``.
  public static func readArrays(_ url: URL) throws -> [String: NPYArray] {
    try FileAccess.read(url).withUnsafeBytes { raw in
      try decodeArrays(raw, source: FileAccess.sourceName(url))
    }
  }

  /// Decodes the bytes of a `.npz` file holding numeric or string members.
  public static func decodeArrays(_ data: Data) throws -> [String: NPYArray] {
    try data.withUnsafeBytes { raw in
      try decodeArrays(raw, source: "the in-memory .npz data")
    }
  }

  /// Writes `arrays` (numeric `<f8` or unicode `<U{n}` members) atomically as a `.npz` file
  /// of stored members, sorted by key.
  ///
  /// - Throws: as ``write(_:to:)``.
  public static func write(_ arrays: [String: NPYArray], to url: URL) throws {
    try FileAccess.writeAtomically(
      Data(try encodedBytes(arrays, source: FileAccess.sourceName(url))), to: url)
  }

  /// Encodes `arrays` as the bytes of a `.npz` file.
  public static func encode(_ arrays: [String: NPYArray]) throws -> Data {
    Data(try encodedBytes(arrays, source: "the .npz archive"))
  }

  static func decodeArrays(
    _ raw: UnsafeRawBufferPointer, source: String
  ) throws -> [String: NPYArray] {
    try decodeMembers(raw, source: source) { bytes, memberSource in
      try NPY.decodeArray(bytes, source: memberSource)
    }
  }

  static func encodedBytes(_ arrays: [String: NPYArray], source: String) throws -> [UInt8] {
    try archive(arrays, source: source) { array, name in try NPY.encodedBytes(array, name: name) }
  }
}
