/// A dense n-dimensional array of strings in C (row-major) order: NumPy's fixed-width
/// unicode dtype `<U{n}`.
///
/// NumPy stores each element as `n` UTF-32 little-endian code units, padded with NUL (`\0`)
/// up to the widest element, and strips trailing NULs when reading; so does TensorIO, which
/// means a string that itself ends in `\0` reads back without it (as in NumPy).
public struct NDStringArray: Sendable, Equatable {
  /// The size of each dimension, outermost first. `[]` is a 0-d scalar.
  public var shape: [Int]
  /// The strings in C (row-major) order.
  public var data: [String]

  /// Creates an array, checking that `data.count` equals the product of `shape`.
  ///
  /// - Throws: ``TensorIOError/shapeMismatch(tensor:shape:count:)`` when the counts differ or
  ///   a dimension is negative.
  public init(shape: [Int], data: [String]) throws {
    guard NDArray<Double>.elementCount(of: shape) == data.count else {
      throw TensorIOError.shapeMismatch(tensor: "array", shape: shape, count: data.count)
    }
    self.shape = shape
    self.data = data
  }

  /// Creates a one-dimensional array of `strings`.
  public init(_ strings: [String]) {
    self.shape = [strings.count]
    self.data = strings
  }

  /// The fixed width NumPy gives the array: the most Unicode scalars of any element, at
  /// least 1 (as `np.array` chooses for empty strings).
  var width: Int { data.reduce(1) { Swift.max($0, $1.unicodeScalars.count) } }

  /// Appends every element as `width` UTF-32 little-endian code units, NUL padded.
  func appendUTF32(to bytes: inout [UInt8], width: Int) {
    bytes.reserveCapacity(bytes.count + data.count * width * 4)
    for string in data {
      var written = 0
      for scalar in string.unicodeScalars {
        bytes.appendLittleEndian(scalar.value)
        written += 1
      }
      bytes.append(contentsOf: repeatElement(0, count: (width - written) * 4))
    }
  }

  /// Decodes `count` elements of `width` UTF-32 little-endian code units from `raw`, dropping
  /// trailing NULs; the caller guarantees `raw.count >= count * width * 4`.
  ///
  /// - Throws: ``TensorIOError/corruptData(source:detail:)`` for a code unit that is not a
  ///   Unicode scalar (a surrogate or a value above 0x10FFFF).
  static func decodeUTF32(
    _ raw: UnsafeRawBufferPointer, count: Int, width: Int, source: String
  ) throws -> [String] {
    var strings: [String] = []
    strings.reserveCapacity(count)
    for element in 0..<count {
      var scalars = String.UnicodeScalarView()
      var pendingNULs = 0
      for unit in 0..<width {
        let offset = (element * width + unit) * 4
        let value = raw.littleEndian(at: offset, as: UInt32.self)
        guard let scalar = Unicode.Scalar(value) else {
          throw TensorIOError.corruptData(
            source: source,
            detail:
              "element \(element) holds code unit 0x\(String(value, radix: 16, uppercase: true)), "
              + "which is not a Unicode scalar")
        }
        if value == 0 {
          pendingNULs += 1
        } else {
          scalars.append(contentsOf: repeatElement(Unicode.Scalar(0), count: pendingNULs))
          pendingNULs = 0
          scalars.append(scalar)
        }
      }
      strings.append(String(scalars))
    }
    return strings
  }
}
