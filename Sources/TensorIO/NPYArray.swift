/// One array of a `.npy` file or `.npz` member, whichever kind it stores: numbers (any
/// supported numeric dtype, converted to `Double`) or strings (NumPy unicode `<U{n}`).
public enum NPYArray: Sendable, Equatable {
  case numbers(NDArray<Double>)
  case strings(NDStringArray)

  /// The size of each dimension, outermost first.
  public var shape: [Int] {
    switch self {
    case .numbers(let array): return array.shape
    case .strings(let array): return array.shape
    }
  }

  /// The numbers, or `nil` for a string array.
  public var numbers: NDArray<Double>? {
    if case .numbers(let array) = self { return array }
    return nil
  }

  /// The strings, or `nil` for a numeric array.
  public var strings: NDStringArray? {
    if case .strings(let array) = self { return array }
    return nil
  }
}
