/// Fixed-width integers in a byte buffer, as every file header stores them.
extension UnsafeRawBufferPointer {
  /// The little-endian integer at `offset`; the caller checks bounds.
  @inline(__always)
  func littleEndian<T: FixedWidthInteger>(at offset: Int, as type: T.Type = T.self) -> T {
    T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
  }

  /// The big-endian integer at `offset`; the caller checks bounds.
  @inline(__always)
  func bigEndian<T: FixedWidthInteger>(at offset: Int, as type: T.Type = T.self) -> T {
    T(bigEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
  }

  /// Up to `count` bytes from the start, for error messages.
  func prefixBytes(_ count: Int) -> [UInt8] { Array(self.prefix(count)) }
}

extension Array where Element == UInt8 {
  /// Appends `value` as little-endian bytes.
  mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
    Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
  }
}
