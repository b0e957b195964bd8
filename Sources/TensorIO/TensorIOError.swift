/// Everything that can go wrong reading or writing a tensor file.
///
/// Each description is a full sentence that names the file, the offending value and how to
/// fix it, so command-line tools can print it as is. `source` values name where the bytes came
/// from, already phrased for a message: `file '/data/x.npy'`,
/// `member 'a.npy' of file '/data/x.npz'`,
/// or `the in-memory .npy data`.
public enum TensorIOError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The file formats TensorIO reads, used to tailor messages and hints.
  public enum Format: String, Sendable, Equatable {
    case npy = ".npy"
    case npz = ".npz"
    case safetensors = "safetensors"
    case idx = "IDX"
    case gzip = "gzip"
  }

  /// The file could not be opened or read.
  case unreadableFile(path: String, reason: String)
  /// The file could not be written (or the temporary file could not be renamed).
  case unwritableFile(path: String, reason: String)
  /// The bytes end before `part` does: `expectedBytes` are needed, `actualBytes` are present.
  case truncated(source: String, part: String, expectedBytes: Int, actualBytes: Int)
  /// `part` has a different size than the header promises (for example trailing bytes).
  case byteCountMismatch(source: String, part: String, expectedBytes: Int, actualBytes: Int)
  /// The file does not start with the signature of `format`.
  case badMagic(source: String, format: Format, found: [UInt8], expected: [UInt8])
  /// A `.npy` format version other than 1.0, 2.0 or 3.0.
  case unsupportedVersion(source: String, version: String)
  /// The header could not be parsed or lacks a required field.
  case malformedHeader(source: String, format: Format, detail: String)
  /// The stored element type cannot be read; `tensor` names it in multi-tensor files.
  case unsupportedDType(source: String, format: Format, tensor: String?, dtype: String)
  /// A `.npy` array stored big-endian.
  case bigEndian(source: String, dtype: String)
  /// A `.npy` array stored in Fortran (column-major) order.
  case fortranOrder(source: String)
  /// A shape with a negative dimension, or one whose element count overflows `Int`.
  case invalidShape(source: String, shape: [Int])
  /// A safetensors tensor whose `data_offsets` fall outside the data buffer.
  case offsetsOutOfRange(source: String, tensor: String, begin: Int, end: Int, bufferBytes: Int)
  /// An array whose `data.count` differs from the product of its `shape`.
  case shapeMismatch(tensor: String, shape: [Int], count: Int)
  /// Writing an element type other than `Float` or `Double`.
  case unsupportedScalarType(typeName: String)
  /// An IDX file read as unsigned bytes holds another element type.
  case wrongElementType(source: String, stored: String)
  /// A ZIP member compressed with a method other than stored (0) or deflate (8).
  case unsupportedCompression(source: String, member: String, method: Int)
  /// The archive needs (or would need) ZIP64 extensions, which TensorIO does not implement.
  case zip64Required(source: String, detail: String)
  /// The bytes are inconsistent in a way no truncation explains (CRC mismatch, bad deflate data).
  case corruptData(source: String, detail: String)
  /// The file is empty or of another kind; `found` says which (e.g. "a gzip-compressed file").
  case wrongFormat(source: String, format: Format, found: String)
  /// A tensor or array name that cannot be written.
  case invalidName(name: String, detail: String)

  public var description: String {
    switch self {
    case .unreadableFile(let path, let reason):
      return "Cannot read '\(path)': \(reason). Check that the path names a readable file."
    case .unwritableFile(let path, let reason):
      return "Cannot write '\(path)': \(reason). Check that the directory exists and is writable."
    case .truncated(let source, let part, let expected, let actual):
      return "\(capitalized(source)) is truncated: the \(part) needs \(expected) bytes but only "
        + "\(actual) are present. The file was probably cut short while copying or writing; "
        + "create it again."
    case .byteCountMismatch(let source, let part, let expected, let actual):
      return "\(capitalized(source)) is inconsistent: the \(part) should be \(expected) bytes "
        + "but is \(actual) bytes. The header and the data disagree; the file is corrupt or was "
        + "written by a non-conforming tool."
    case .badMagic(let source, let format, let found, let expected):
      let article = format == .idx ? "an" : "a"
      return
        "\(capitalized(source)) is not \(article) \(format.rawValue) file: it starts with bytes "
        + "\(hex(found)) where \(hex(expected)) was expected. \(magicHint(format))"
    case .unsupportedVersion(let source, let version):
      return "\(capitalized(source)) uses .npy format version \(version); LyapunovKit reads "
        + "versions 1.0, 2.0 and 3.0 — save the array again with NumPy's `np.save`."
    case .malformedHeader(let source, let format, let detail):
      return "\(capitalized(source)) has a malformed \(format.rawValue) header: \(detail). "
        + "The file is corrupt or was not written by a \(format.rawValue) writer."
    case .unsupportedDType(let source, let format, let tensor, let dtype):
      return dtypeMessage(source: source, format: format, tensor: tensor, dtype: dtype)
    case .bigEndian(let source, let dtype):
      return "\(capitalized(source)) stores big-endian dtype '\(dtype)'; LyapunovKit reads "
        + "little-endian arrays only — save `a.astype(a.dtype.newbyteorder('<'))` instead."
    case .fortranOrder(let source):
      return "\(capitalized(source)) stores its array in Fortran (column-major) order "
        + "(fortran_order: True); LyapunovKit reads C order only — save "
        + "`np.ascontiguousarray(a)` instead."
    case .invalidShape(let source, let shape):
      return "\(capitalized(source)) declares shape \(shape), which has a negative dimension "
        + "or more elements than memory can address. The header is corrupt."
    case .offsetsOutOfRange(let source, let tensor, let begin, let end, let bufferBytes):
      return "Tensor '\(tensor)' in \(source) has data_offsets [\(begin), \(end)] but the data "
        + "buffer holds \(bufferBytes) bytes; offsets must satisfy 0 <= begin <= end <= "
        + "\(bufferBytes). The file is truncated or its header is corrupt."
    case .shapeMismatch(let tensor, let shape, let count):
      let expected =
        NDArray<Double>.elementCount(of: shape).map(String.init) ?? "an invalid number of"
      return "Array '\(tensor)' has shape \(shape) (\(expected) elements) but holds \(count) "
        + "values; make data.count equal the product of the shape."
    case .unsupportedScalarType(let typeName):
      return "Cannot write \(typeName) arrays; LyapunovKit writes Float (f4, F32) and Double "
        + "(f8, F64) only — convert the values to Float or Double first."
    case .wrongElementType(let source, let stored):
      return "\(capitalized(source)) holds IDX elements of type \(stored), not unsigned bytes; "
        + "images and labels are read as MNIST stores them, unsigned bytes (IDX type 0x08): "
        + "save pixel values 0-255 and class numbers as uint8."
    case .unsupportedCompression(let source, let member, let method):
      return "Member '\(member)' of \(source) uses ZIP compression method \(method); "
        + "LyapunovKit reads stored (0) and deflate (8) members, as written by `np.savez` and "
        + "`np.savez_compressed` — save the arrays again with NumPy."
    case .zip64Required(let source, let detail):
      return "\(capitalized(source)) \(detail), which needs ZIP64 extensions; LyapunovKit "
        + "handles ZIP archives under 4 GiB with fewer than 65535 members — split the arrays "
        + "over several .npz files."
    case .wrongFormat(let source, let format, let found):
      let article = format == .idx ? "an" : "a"
      return "\(capitalized(source)) is \(found), not \(article) \(format.rawValue) file. "
        + formatHint(format)
    case .corruptData(let source, let detail):
      return "\(capitalized(source)) is corrupt: \(detail). Download or create the file again."
    case .invalidName(let name, let detail):
      return "Cannot write a tensor named '\(name)': \(detail). Choose another name."
    }
  }
}

/// Upper-cases the first character so a `source` phrase can start a sentence.
private func capitalized(_ text: String) -> String {
  guard let first = text.first else { return text }
  return first.uppercased() + text.dropFirst()
}

/// Formats bytes as `0x93 0x4E ...` (or `no bytes`).
private func hex(_ bytes: [UInt8]) -> String {
  guard !bytes.isEmpty else { return "(no bytes)" }
  return bytes.map { byte in
    let digits = String(byte, radix: 16, uppercase: true)
    return "0x" + (digits.count == 1 ? "0" + digits : digits)
  }.joined(separator: " ")
}

private func magicHint(_ format: TensorIOError.Format) -> String {
  switch format {
  case .npy: return "A .npy file starts with \\x93NUMPY; check that this is the file you meant."
  case .npz:
    return "A .npz file is a ZIP archive (starting with PK); check that this is the file you meant."
  case .safetensors: return "Check that this is a safetensors file."
  case .idx:
    return "An IDX file starts with two zero bytes, a type code and a dimension count "
      + "(MNIST images: 0x00 0x00 0x08 0x03); check that this is the file you meant."
  case .gzip: return "Check that the file is gzip-compressed."
  }
}

private func formatHint(_ format: TensorIOError.Format) -> String {
  switch format {
  case .npy: return "Save arrays with NumPy's `np.save`."
  case .npz: return "Save arrays with NumPy's `np.savez`."
  case .safetensors:
    return "Save network weights with "
      + "`safetensors.torch.save_file(model.state_dict(), 'w.safetensors')`."
  case .idx: return "MNIST's images and labels are IDX files, plain or gzip-compressed."
  case .gzip: return "Check that the file is gzip-compressed."
  }
}

private func dtypeMessage(
  source: String, format: TensorIOError.Format, tensor: String?, dtype: String
) -> String {
  switch format {
  case .safetensors:
    let subject = tensor.map { "Tensor '\($0)' in \(source)" } ?? capitalized(source)
    return "\(subject) has dtype \(dtype); LyapunovKit reads F32 and F64 only — convert with "
      + "`tensor.float()` (or `tensor.double()`) before saving."
  case .idx:
    return "\(capitalized(source)) has IDX type code \(dtype), which is not one of 0x08 (u8), "
      + "0x09 (i8), 0x0B (i16), 0x0C (i32), 0x0D (f32), 0x0E (f64); the file is corrupt or "
      + "not an IDX file."
  case .npy, .npz, .gzip:
    let subject = tensor.map { "Array '\($0)' in \(source)" } ?? capitalized(source)
    if dtype.dropFirst().hasPrefix("U") {
      return "\(subject) holds strings (dtype '\(dtype)'), not numbers; read it with "
        + "`NPY.readStrings`, `NPY.readArray` or `NPZ.readArrays`."
    }
    return "\(subject) has dtype '\(dtype)'; LyapunovKit reads little-endian float32 and "
      + "float64 (and converts int8/16/32/64 and uint8/16/32/64) — save "
      + "`a.astype(np.float64)` instead."
  }
}
