import Foundation

/// A spectrum as a store keeps it: each exponent as 8 bytes of float64, little-endian.
///
/// The bit pattern is stored, so -infinity (an annihilated direction), NaN and signed zeros
/// read back exactly.
enum SpectrumBlob {
  static func encode(_ exponents: [Double]) -> Data {
    var data = Data(capacity: exponents.count * 8)
    for x in exponents {
      withUnsafeBytes(of: x.bitPattern.littleEndian) { data.append(contentsOf: $0) }
    }
    return data
  }

  /// The exponents in `data`, or `nil` when its length is not a multiple of 8.
  static func decode(_ data: Data) -> [Double]? {
    guard data.count % 8 == 0 else { return nil }
    return data.withUnsafeBytes { raw in
      (0..<raw.count / 8).map {
        Double(
          bitPattern: UInt64(
            littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
      }
    }
  }
}
