import CVectorKernels

/// The element-wise passes of a dense network's backward pass over column-major blocks
/// (`rows x columns`, leading dimension `rows`), in vectorized C (`CVectorKernels`) with the
/// same bits on every x86-64 level.
extension BLASScalar {
  /// `delta *= 1 - a^2` (tanh's derivative through its output `a`), adding each row's sum
  /// of the result to `sums[row]` (the bias gradient). Row sums run over the columns in
  /// order.
  @inlinable
  public static func tanhBackward(
    _ delta: UnsafeMutablePointer<Self>, output a: UnsafePointer<Self>, rows: Int,
    columns: Int, addingRowSumsTo sums: UnsafeMutablePointer<Self>
  ) {
    guard rows > 0, columns > 0 else { return }
    if Self.self == Double.self {
      lk_tanh_backward_f64(rebound(delta), rebound(a), rows, columns, rebound(sums))
    } else {
      lk_tanh_backward_f32(rebound(delta), rebound(a), rows, columns, rebound(sums))
    }
  }

  /// `e = y - x`, then `y = scale e` in place, adding each row's sum of the new `y` to
  /// `sums[row]`; returns the sum of `e^2` accumulated in Double (in eight lanes, element
  /// `i` of each column into lane `i mod 8`, then the lanes in order). With
  /// `scale = 2 / count` this is the mean-squared error's gradient.
  @inlinable
  public static func scaledError(
    _ y: UnsafeMutablePointer<Self>, minus x: UnsafePointer<Self>, rows: Int, columns: Int,
    scale: Self, addingRowSumsTo sums: UnsafeMutablePointer<Self>
  ) -> Double {
    guard rows > 0, columns > 0 else { return 0 }
    if Self.self == Double.self {
      return lk_scaled_error_f64(
        rebound(y), rebound(x), rows, columns, Double(scale), rebound(sums))
    } else {
      return lk_scaled_error_f32(
        rebound(y), rebound(x), rows, columns, Float(scale), rebound(sums))
    }
  }
}
