/// One element type as laid out in a file: what the bytes mean and how many there are.
///
/// Shared by every reader, so the conversion loops to `Float`/`Double` are written once.
enum StoredElement: Sendable, Equatable {
  case float32, float64
  case int8, int16, int32, int64
  case uint8, uint16, uint32, uint64

  /// The size of one element in bytes.
  var byteSize: Int {
    switch self {
    case .int8, .uint8: return 1
    case .int16, .uint16: return 2
    case .float32, .int32, .uint32: return 4
    case .float64, .int64, .uint64: return 8
    }
  }

  /// The NumPy-style name (`float32`, `uint8`, ...), for messages.
  var name: String {
    switch self {
    case .float32: return "float32"
    case .float64: return "float64"
    case .int8: return "int8"
    case .int16: return "int16"
    case .int32: return "int32"
    case .int64: return "int64"
    case .uint8: return "uint8"
    case .uint16: return "uint16"
    case .uint32: return "uint32"
    case .uint64: return "uint64"
    }
  }
}

/// The byte order of multi-byte elements in a file.
enum ByteOrder: Sendable {
  case little, big
}

extension StoredElement {
  /// Converts `count` stored elements at the start of `raw` to `S`, widening or rounding as
  /// `S.init` does (Float to Double is exact).
  ///
  /// `Float` and `Double` take specialized loops; other `BinaryFloatingPoint` types use the
  /// generic path. The caller guarantees `raw.count >= count * byteSize`.
  func decode<S: BinaryFloatingPoint>(
    _ raw: UnsafeRawBufferPointer, count: Int, order: ByteOrder, as type: S.Type
  ) -> [S] {
    precondition(raw.count >= count * byteSize)
    if S.self == Double.self {
      return unsafeBitCast(
        decodeTyped(raw, count: count, order: order, as: Double.self), to: [S].self)
    }
    if S.self == Float.self {
      return unsafeBitCast(
        decodeTyped(raw, count: count, order: order, as: Float.self), to: [S].self)
    }
    return decodeTyped(raw, count: count, order: order, as: S.self)
  }

  @inline(__always)
  private func decodeTyped<S: BinaryFloatingPoint>(
    _ raw: UnsafeRawBufferPointer, count: Int, order: ByteOrder, as type: S.Type
  ) -> [S] {
    switch self {
    case .float32: return load(raw, count, order, UInt32.self) { S(Float(bitPattern: $0)) }
    case .float64: return load(raw, count, order, UInt64.self) { S(Double(bitPattern: $0)) }
    case .int8: return load(raw, count, order, Int8.self) { S($0) }
    case .int16: return load(raw, count, order, Int16.self) { S($0) }
    case .int32: return load(raw, count, order, Int32.self) { S($0) }
    case .int64: return load(raw, count, order, Int64.self) { S($0) }
    case .uint8: return load(raw, count, order, UInt8.self) { S($0) }
    case .uint16: return load(raw, count, order, UInt16.self) { S($0) }
    case .uint32: return load(raw, count, order, UInt32.self) { S($0) }
    case .uint64: return load(raw, count, order, UInt64.self) { S($0) }
    }
  }
}

/// Loads `count` unaligned integers of type `Raw` in byte order `order` and converts each.
@inline(__always)
private func load<S, Raw: FixedWidthInteger>(
  _ raw: UnsafeRawBufferPointer, _ count: Int, _ order: ByteOrder, _: Raw.Type,
  _ convert: (Raw) -> S
) -> [S] {
  [S](unsafeUninitializedCapacity: count) { out, initialized in
    let stride = MemoryLayout<Raw>.size
    switch order {
    case .little:
      for i in 0..<count {
        out[i] = convert(
          Raw(littleEndian: raw.loadUnaligned(fromByteOffset: i * stride, as: Raw.self)))
      }
    case .big:
      for i in 0..<count {
        out[i] = convert(
          Raw(bigEndian: raw.loadUnaligned(fromByteOffset: i * stride, as: Raw.self)))
      }
    }
    initialized = count
  }
}

/// The element type TensorIO writes for `S`: float32 for `Float`, float64 for `Double`.
///
/// - Throws: ``TensorIOError/unsupportedScalarType(typeName:)`` for any other type.
func storedElement<S: BinaryFloatingPoint>(for type: S.Type) throws -> StoredElement {
  if S.self == Float.self { return .float32 }
  if S.self == Double.self { return .float64 }
  throw TensorIOError.unsupportedScalarType(typeName: String(describing: S.self))
}

/// Appends `values` as little-endian float32 or float64 (per ``storedElement(for:)``).
func appendLittleEndian<S: BinaryFloatingPoint>(_ values: [S], to bytes: inout [UInt8]) throws {
  switch try storedElement(for: S.self) {
  case .float32:
    store(unsafeBitCast(values, to: [Float].self), to: &bytes) { $0.bitPattern }
  default:
    store(unsafeBitCast(values, to: [Double].self), to: &bytes) { $0.bitPattern }
  }
}

@inline(__always)
private func store<Value, Raw: FixedWidthInteger>(
  _ values: [Value], to bytes: inout [UInt8], _ bits: (Value) -> Raw
) {
  let stride = MemoryLayout<Raw>.size
  let start = bytes.count
  bytes.append(contentsOf: repeatElement(0, count: values.count * stride))
  bytes.withUnsafeMutableBytes { out in
    values.withUnsafeBufferPointer { input in
      for i in 0..<input.count {
        out.storeBytes(
          of: bits(input[i]).littleEndian, toByteOffset: start + i * stride, as: Raw.self)
      }
    }
  }
}
