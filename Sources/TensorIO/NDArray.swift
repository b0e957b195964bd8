/// A dense n-dimensional array of floating-point values in C (row-major) order.
///
/// `NDArray` is the in-memory form of one tensor read from or written to a `.npy`, `.npz`,
/// safetensors or IDX file. The last index varies fastest, as in NumPy and PyTorch: element
/// `[i, j]` of a `[rows, cols]` array is `data[i * cols + j]`.
///
/// `data.count` equals the product of `shape`: 1 for a 0-d scalar (`shape == []`), 0 when any
/// dimension is 0. The throwing initializer checks this; the properties stay mutable for
/// convenience, so every writer checks it again and throws
/// ``TensorIOError/shapeMismatch(tensor:shape:count:)`` instead of writing an inconsistent file.
public struct NDArray<Scalar: BinaryFloatingPoint & Sendable>: Sendable, Equatable {
  /// The size of each dimension, outermost first. `[]` is a 0-d scalar.
  public var shape: [Int]
  /// The values in C (row-major) order.
  public var data: [Scalar]

  /// Creates an array, checking that `data.count` equals the product of `shape`.
  ///
  /// - Throws: ``TensorIOError/shapeMismatch(tensor:shape:count:)`` when the counts differ or
  ///   a dimension is negative.
  public init(shape: [Int], data: [Scalar]) throws {
    guard NDArray.elementCount(of: shape) == data.count else {
      throw TensorIOError.shapeMismatch(tensor: "array", shape: shape, count: data.count)
    }
    self.shape = shape
    self.data = data
  }

  /// Creates a 0-d array holding one value (NumPy `np.array(x)`, shape `()`).
  public init(scalar: Scalar) {
    self.shape = []
    self.data = [scalar]
  }

  /// Creates an array without checking; callers guarantee `data.count == product(shape)`.
  init(uncheckedShape shape: [Int], data: [Scalar]) {
    self.shape = shape
    self.data = data
  }

  /// The number of dimensions (0 for a scalar).
  public var rank: Int { shape.count }

  /// The number of elements the shape describes, or `nil` when a dimension is negative or the
  /// product overflows `Int`.
  static func elementCount(of shape: [Int]) -> Int? {
    var count = 1
    for dimension in shape {
      guard dimension >= 0 else { return nil }
      let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
      guard !overflow else { return nil }
      count = product
    }
    return count
  }

  /// Throws unless `data.count` matches `shape`; `name` identifies the array in the message.
  func validate(name: String) throws {
    guard NDArray.elementCount(of: shape) == data.count else {
      throw TensorIOError.shapeMismatch(tensor: name, shape: shape, count: data.count)
    }
  }
}
