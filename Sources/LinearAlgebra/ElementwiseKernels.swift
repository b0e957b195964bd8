/// Element-wise kernels that generic code calls through ``BLASScalar``: each is compiled for
/// Float and Double, so hot loops run specialized even when the caller is generic (generic
/// arithmetic in an unspecialized loop costs a witness call per element).

/// `target[i + j ldt] += scale[i] * source[i + j lds]` for `i < rows`, `j < columns`:
/// `diag(scale) * source` added into a block, the building block of analytic Jacobians.
@inline(__always)
@usableFromInline
func rowScaledAccumulate<T: BinaryFloatingPoint>(
  rows n: Int, columns m: Int, scale: UnsafePointer<T>, source: UnsafePointer<T>, lds: Int,
  target: UnsafeMutablePointer<T>, ldt: Int
) {
  for j in 0..<m {
    let t = target + j * ldt
    let w = source + j * lds
    for i in 0..<n { t[i] += scale[i] * w[i] }
  }
}

extension Double {
  @inlinable
  public static func accumulateRowScaled(
    rows: Int, columns: Int, scale: UnsafePointer<Double>, source: UnsafePointer<Double>,
    lds: Int, target: UnsafeMutablePointer<Double>, ldt: Int
  ) {
    rowScaledAccumulate(
      rows: rows, columns: columns, scale: scale, source: source, lds: lds, target: target,
      ldt: ldt)
  }
}

extension Float {
  @inlinable
  public static func accumulateRowScaled(
    rows: Int, columns: Int, scale: UnsafePointer<Float>, source: UnsafePointer<Float>,
    lds: Int, target: UnsafeMutablePointer<Float>, ldt: Int
  ) {
    rowScaledAccumulate(
      rows: rows, columns: columns, scale: scale, source: source, lds: lds, target: target,
      ldt: ldt)
  }
}
