import Testing

@testable import TensorIO

@Suite struct StoredElementTests {
  func decode<S: BinaryFloatingPoint>(
    _ bytes: [UInt8], _ element: StoredElement, _ order: ByteOrder, as type: S.Type
  ) -> [S] {
    bytes.withUnsafeBytes {
      element.decode($0, count: bytes.count / element.byteSize, order: order, as: S.self)
    }
  }

  @Test func decodesEveryTypeInBothByteOrders() {
    #expect(decode([0x00, 0x00, 0x80, 0xBF], .float32, .little, as: Double.self) == [-1])
    #expect(decode([0xBF, 0x80, 0x00, 0x00], .float32, .big, as: Double.self) == [-1])
    #expect(decode([0, 0, 0, 0, 0, 0, 0xF8, 0x3F], .float64, .little, as: Float.self) == [1.5])
    #expect(decode([0x3F, 0xF8, 0, 0, 0, 0, 0, 0], .float64, .big, as: Float.self) == [1.5])
    #expect(decode([0xFF, 0x7F], .int8, .big, as: Double.self) == [-1, 127])
    #expect(decode([0xFF, 0x7F], .uint8, .big, as: Double.self) == [255, 127])
    #expect(decode([0x00, 0x80], .int16, .little, as: Double.self) == [-32768])
    #expect(decode([0x00, 0x80], .uint16, .little, as: Double.self) == [32768])
    #expect(decode([0xFF, 0xFF, 0xFF, 0xFF], .int32, .little, as: Double.self) == [-1])
    #expect(decode([0xFF, 0xFF, 0xFF, 0xFF], .uint32, .little, as: Double.self) == [4_294_967_295])
    #expect(decode([0, 0, 0, 0, 0, 0, 0, 0x80], .int64, .little, as: Double.self) == [-0x1p63])
    #expect(decode([0, 0, 0, 0, 0, 0, 0, 0x80], .uint64, .little, as: Double.self) == [0x1p63])
  }

  @Test func widensFloatExactlyAndRoundsDoubleToNearest() {
    let third = Float(1) / 3
    let bits = withUnsafeBytes(of: third.bitPattern.littleEndian) { Array($0) }
    #expect(decode(bits, .float32, .little, as: Double.self) == [Double(third)])
    let tenth = withUnsafeBytes(of: (0.1).bitPattern.littleEndian) { Array($0) }
    #expect(decode(tenth, .float64, .little, as: Float.self) == [Float(0.1)])
  }

  @Test func writesFloatAndDoubleLittleEndian() throws {
    var bytes: [UInt8] = []
    try appendLittleEndian([Float(-1)], to: &bytes)
    try appendLittleEndian([Double(1.5)], to: &bytes)
    #expect(bytes == [0x00, 0x00, 0x80, 0xBF, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F])
    #expect(try storedElement(for: Float.self) == .float32)
    #expect(try storedElement(for: Double.self) == .float64)
  }
}
