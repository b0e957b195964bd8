import Foundation

/// NumPy `.npz` files: a ZIP archive of `.npy` members, one per named array.
///
/// Reads archives from `np.savez` (stored members) and `np.savez_compressed` (deflate
/// members); keys are member names without `.npy`, and members not ending in `.npy` are
/// skipped. Writes stored (uncompressed) members in key order, which `np.load` reads.
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
    var arrays: [String: NDArray<Scalar>] = [:]
    for entry in try ZipArchive.entries(in: raw, source: source) where entry.name.hasSuffix(".npy")
    {
      let key = String(entry.name.dropLast(4))
      guard arrays[key] == nil else {
        throw TensorIOError.corruptData(
          source: source, detail: "it holds member '\(entry.name)' twice")
      }
      arrays[key] = try ZipArchive.withContents(of: entry, in: raw, source: source) { bytes in
        try NPY.decode(bytes, as: Scalar.self, source: "member '\(entry.name)' of \(source)")
      }
    }
    return arrays
  }

  static func encodedBytes<Scalar: BinaryFloatingPoint & Sendable>(
    _ arrays: [String: NDArray<Scalar>], source: String
  ) throws -> [UInt8] {
    var members: [(name: String, bytes: [UInt8])] = []
    for key in arrays.keys.sorted() {
      guard !key.isEmpty else {
        throw TensorIOError.invalidName(name: key, detail: "array names must not be empty")
      }
      members.append((key + ".npy", try NPY.encodedBytes(arrays[key]!, name: key)))
    }
    return try ZipArchive.archive(members, source: source)
  }
}
