import Foundation

/// A safetensors file: named tensors plus optional string metadata.
///
/// Layout: an 8-byte little-endian header length `N`, `N` bytes of JSON mapping each tensor
/// name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data
/// buffer) and an optional `"__metadata__"` string map, then the data buffer. Reads F32 and
/// F64 tensors, converting to `Scalar` (F32 read as `Double` is widened exactly); other
/// dtypes are an error naming the tensor. Writes F32 for `Float` and F64 for `Double`, tensors
/// sorted by name with contiguous offsets, the header padded with spaces to a multiple of 8.
///
/// Format: <https://github.com/huggingface/safetensors#format>.
public struct SafeTensorsFile<Scalar: BinaryFloatingPoint & Sendable>: Sendable, Equatable {
  /// The tensors by name (PyTorch `state_dict` names such as `weight_hh_l0`).
  public var tensors: [String: NDArray<Scalar>]
  /// The free-form `__metadata__` strings (empty when the file has none).
  public var metadata: [String: String]

  /// Creates a file value to encode or write.
  public init(tensors: [String: NDArray<Scalar>] = [:], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// Reads a safetensors file, converting every tensor to `Scalar`.
  ///
  /// - Throws: ``TensorIOError`` when the file is unreadable or truncated, its header is not
  ///   valid JSON of the expected form, a tensor has a dtype other than F32/F64, or its
  ///   offsets do not match its shape or lie outside the data buffer.
  public static func read(_ url: URL, as type: Scalar.Type = Scalar.self) throws -> Self {
    let data = try FileAccess.read(url)
    return try data.withUnsafeBytes { raw in
      try decode(raw, source: FileAccess.sourceName(url))
    }
  }

  /// Writes the file atomically.
  ///
  /// - Throws: ``TensorIOError/shapeMismatch(tensor:shape:count:)`` for an inconsistent
  ///   tensor, ``TensorIOError/invalidName(name:detail:)`` for a tensor named
  ///   `__metadata__`, ``TensorIOError/unwritableFile(path:reason:)`` when writing fails.
  public func write(to url: URL) throws {
    try FileAccess.writeAtomically(encode(), to: url)
  }

  /// Decodes the bytes of a safetensors file.
  public static func decode(_ data: Data, as type: Scalar.Type = Scalar.self) throws -> Self {
    try data.withUnsafeBytes { raw in try decode(raw, source: "the in-memory safetensors data") }
  }

  /// Encodes the file's bytes.
  public func encode() throws -> Data {
    let names = tensors.keys.sorted()
    let element = try storedElement(for: Scalar.self)
    let dtype = element == .float32 ? "F32" : "F64"
    var json = "{"
    var entries: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
      entries.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
    }
    var offset = 0
    for name in names {
      guard name != "__metadata__" else {
        throw TensorIOError.invalidName(
          name: name, detail: "safetensors reserves '__metadata__' for the metadata map")
      }
      let tensor = tensors[name]!
      try tensor.validate(name: name)
      let end = offset + tensor.data.count * element.byteSize
      let shape = tensor.shape.map(String.init).joined(separator: ",")
      entries.append(
        "\(jsonString(name)):{\"dtype\":\"\(dtype)\",\"shape\":[\(shape)],"
          + "\"data_offsets\":[\(offset),\(end)]}")
      offset = end
    }
    json += entries.joined(separator: ",") + "}"
    var header = Array(json.utf8)
    header += repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8)

    var bytes: [UInt8] = []
    bytes.reserveCapacity(8 + header.count + offset)
    bytes.appendLittleEndian(UInt64(header.count))
    bytes += header
    for name in names {
      try appendLittleEndian(tensors[name]!.data, to: &bytes)
    }
    return Data(bytes)
  }

  /// Decodes a safetensors image; `source` names it in errors.
  static func decode(_ raw: UnsafeRawBufferPointer, source: String) throws -> Self {
    // Files people pass by mistake: torch.save (a ZIP, or a pickle), .npy, gzip, text.
    try FileKind.check(raw, is: .safetensors, format: .safetensors, source: source)
    guard raw.count >= 8 else {
      throw TensorIOError.truncated(
        source: source, part: "8-byte header length", expectedBytes: 8, actualBytes: raw.count)
    }
    let declared = raw.littleEndian(at: 0, as: UInt64.self)
    guard declared <= UInt64(raw.count - 8) else {
      let expected = declared > UInt64(Int.max - 8) ? Int.max : Int(declared) + 8
      throw TensorIOError.truncated(
        source: source, part: "JSON header (\(declared) bytes declared)",
        expectedBytes: expected, actualBytes: raw.count)
    }
    let headerEnd = 8 + Int(declared)
    let header = try SafeTensorsHeader.parse(
      Data(UnsafeRawBufferPointer(rebasing: raw[8..<headerEnd])), source: source)
    let buffer = UnsafeRawBufferPointer(rebasing: raw[headerEnd...])

    var tensors: [String: NDArray<Scalar>] = [:]
    for name in header.tensors.keys.sorted() {
      let info = header.tensors[name]!
      let element: StoredElement
      switch info.dtype {
      case "F32": element = .float32
      case "F64": element = .float64
      default:
        throw TensorIOError.unsupportedDType(
          source: source, format: .safetensors, tensor: name, dtype: info.dtype)
      }
      guard let count = NDArray<Scalar>.elementCount(of: info.shape),
        case (let byteCount, false) = count.multipliedReportingOverflow(by: element.byteSize)
      else {
        throw TensorIOError.invalidShape(source: "tensor '\(name)' in \(source)", shape: info.shape)
      }
      let (begin, end) = (info.begin, info.end)
      guard 0 <= begin, begin <= end, end <= buffer.count else {
        throw TensorIOError.offsetsOutOfRange(
          source: source, tensor: name, begin: begin, end: end, bufferBytes: buffer.count)
      }
      guard end - begin == byteCount else {
        throw TensorIOError.byteCountMismatch(
          source: source,
          part: "data of tensor '\(name)' (\(info.dtype), shape \(info.shape), data_offsets "
            + "[\(begin), \(end)])",
          expectedBytes: byteCount, actualBytes: end - begin)
      }
      let values = element.decode(
        UnsafeRawBufferPointer(rebasing: buffer[begin..<end]), count: count, order: .little,
        as: Scalar.self)
      tensors[name] = NDArray(uncheckedShape: info.shape, data: values)
    }
    // As Python's safetensors requires: the byte ranges tile the buffer, no gaps or overlaps.
    var next = 0
    for info in header.tensors.values.sorted(by: { ($0.begin, $0.end) < ($1.begin, $1.end) }) {
      guard info.begin == next else {
        throw TensorIOError.malformedHeader(
          source: source, format: .safetensors,
          detail: "tensor data must follow each other without gaps or overlaps, but a tensor "
            + "starts at byte \(info.begin) where \(next) was expected")
      }
      next = info.end
    }
    guard next == buffer.count else {
      throw TensorIOError.malformedHeader(
        source: source, format: .safetensors,
        detail: "the tensors cover \(next) of the \(buffer.count) data bytes")
    }
    return SafeTensorsFile(tensors: tensors, metadata: header.metadata)
  }
}

/// The JSON header of a safetensors file.
struct SafeTensorsHeader: Decodable {
  struct TensorInfo: Decodable {
    var dtype: String
    var shape: [Int]
    var dataOffsets: [Int]
    var begin: Int { dataOffsets[0] }
    var end: Int { dataOffsets[1] }

    enum CodingKeys: String, CodingKey {
      case dtype, shape
      case dataOffsets = "data_offsets"
    }
  }

  var tensors: [String: TensorInfo] = [:]
  var metadata: [String: String] = [:]

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    for key in container.allKeys {
      if key.stringValue == "__metadata__" {
        metadata = try container.decode([String: String].self, forKey: key)
      } else {
        tensors[key.stringValue] = try container.decode(TensorInfo.self, forKey: key)
      }
    }
  }

  static func parse(_ json: Data, source: String) throws -> SafeTensorsHeader {
    func malformed(_ detail: String) -> TensorIOError {
      .malformedHeader(source: source, format: .safetensors, detail: detail)
    }
    let header: SafeTensorsHeader
    do {
      header = try JSONDecoder().decode(SafeTensorsHeader.self, from: json)
    } catch let error as DecodingError {
      throw malformed(describe(error))
    } catch {
      throw malformed("the JSON does not parse (\(error))")
    }
    for (name, info) in header.tensors where info.dataOffsets.count != 2 {
      throw malformed(
        "tensor '\(name)' has data_offsets \(info.dataOffsets); expected [begin, end]")
    }
    return header
  }

  /// A one-line account of a decoding failure: where, and what was wrong.
  private static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      var text = ""
      for key in context.codingPath {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return text.isEmpty ? "the top level" : "'\(text)'"
    }
    switch error {
    case .typeMismatch(let type, let context):
      return "\(path(context)) is not a valid \(type) (\(context.debugDescription))"
    case .valueNotFound(let type, let context):
      return "\(path(context)) is missing a \(type) value"
    case .keyNotFound(let key, let context):
      return "\(path(context)) lacks the key '\(key.stringValue)'"
    case .dataCorrupted(let context):
      return "the JSON is invalid at \(path(context)) (\(context.debugDescription))"
    @unknown default:
      return "\(error)"
    }
  }
}

/// `text` as a JSON string literal.
private func jsonString(_ text: String) -> String {
  var result = "\""
  for scalar in text.unicodeScalars {
    switch scalar {
    case "\"": result += "\\\""
    case "\\": result += "\\\\"
    case "\n": result += "\\n"
    case "\r": result += "\\r"
    case "\t": result += "\\t"
    case _ where scalar.value < 0x20:
      let digits = String(scalar.value, radix: 16)
      result += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    default: result.unicodeScalars.append(scalar)
    }
  }
  return result + "\""
}
