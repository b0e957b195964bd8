/// In-place tanh and logistic sigmoid over a buffer: the nonlinearities every recurrent cell
/// applies to whole gate blocks.
///
/// Double calls libm element by element, so spectra in Double keep libm's accuracy. Float
/// runs eight lanes at a time: libm's `tanhf` costs about 30 ns an element and was the
/// largest single cost of training after GEMM. The Float kernels use Cephes' reductions
/// and minimax coefficients (S. Moshier, *Methods and Programs for Mathematical
/// Functions*, 1989) and agree with the exact values to about one unit in the last place
/// (the tests bound the relative error by 4 ulp over [-30, 30]).

import RealModule

typealias Lanes = SIMD8<Float>
typealias LaneBits = SIMD8<UInt32>

/// `e^x` in every lane: `x = n ln2 + r` with `|r| <= ln2 / 2`, a degree-7 polynomial for
/// `e^r`, and `2^n` built in the exponent bits. Inputs are clamped to where `e^x` is a
/// normal Float, so huge arguments give the largest or smallest normal power instead of
/// infinity or zero (exact enough for the saturating sigmoid and tanh built on it).
@inline(__always)
func laneExp(_ input: Lanes) -> Lanes {
  let low = Lanes(repeating: -87.3)
  let high = Lanes(repeating: 88.3)
  let x = input.replacing(with: low, where: input .< low).replacing(
    with: high, where: input .> high)
  // Adding 1.5 * 2^23 rounds to an integer in the low mantissa bits (no SSE4.1 rounding).
  let magic = Lanes(repeating: 12_582_912)
  let shifted = x * Lanes(repeating: 1.442_695_04) + magic
  let n = shifted - magic
  // ln 2 in two parts, the first exact in 9 bits, so n * ln2High is exact.
  var r = x - n * Lanes(repeating: 0.693_359_375)
  r = r - n * Lanes(repeating: -2.121_944_4e-4)
  var p = Lanes(repeating: 1.987_569_15e-4)
  p = p * r + Lanes(repeating: 1.398_199_950_7e-3)
  p = p * r + Lanes(repeating: 8.333_451_907_3e-3)
  p = p * r + Lanes(repeating: 4.166_579_589_4e-2)
  p = p * r + Lanes(repeating: 1.666_666_545_9e-1)
  p = p * r + Lanes(repeating: 5.000_000_120_1e-1)
  let er = (p * r * r + r) + Lanes(repeating: 1)
  let exponent =
    unsafeBitCast(shifted, to: LaneBits.self) &- unsafeBitCast(magic, to: LaneBits.self)
  return er * unsafeBitCast((exponent &+ 127) &<< 23, to: Lanes.self)
}

/// `1 / (1 + e^-x)` in every lane.
@inline(__always)
func laneSigmoid(_ x: Lanes) -> Lanes {
  Lanes(repeating: 1) / (Lanes(repeating: 1) + laneExp(-x))
}

/// `tanh x` in every lane: an odd polynomial for `|x| < 0.625`, where `1 - 2 / (e^2|x| + 1)`
/// would cancel, and that formula with the sign of x elsewhere.
@inline(__always)
func laneTanh(_ x: Lanes) -> Lanes {
  let bits = unsafeBitCast(x, to: LaneBits.self)
  let magnitude = unsafeBitCast(bits & LaneBits(repeating: 0x7fff_ffff), to: Lanes.self)
  let z = x * x
  var p = Lanes(repeating: -5.704_988_727_45e-3)
  p = p * z + Lanes(repeating: 2.063_908_879_54e-2)
  p = p * z + Lanes(repeating: -5.373_971_555_31e-2)
  p = p * z + Lanes(repeating: 1.333_144_220_36e-1)
  p = p * z + Lanes(repeating: -3.333_328_194_22e-1)
  let small = p * z * x + x
  let large =
    Lanes(repeating: 1) - Lanes(repeating: 2) / (laneExp(magnitude + magnitude) + 1)
  // Copy x's sign bit onto the large-argument branch.
  let signedLarge = unsafeBitCast(
    unsafeBitCast(large, to: LaneBits.self) | (bits & LaneBits(repeating: 0x8000_0000)),
    to: Lanes.self)
  return signedLarge.replacing(with: small, where: magnitude .< 0.625)
}

/// Applies `kernel` to every element, eight at a time; the last partial group is padded, so
/// each element gets the same arithmetic wherever it sits in the buffer.
@inline(__always)
func applyLanes(_ values: UnsafeMutableBufferPointer<Float>, _ kernel: (Lanes) -> Lanes) {
  guard let base = values.baseAddress else { return }
  let raw = UnsafeMutableRawPointer(base)
  let stride = MemoryLayout<Float>.stride
  var i = 0
  while i + 8 <= values.count {
    let result = kernel(raw.loadUnaligned(fromByteOffset: i * stride, as: Lanes.self))
    raw.storeBytes(of: result, toByteOffset: i * stride, as: Lanes.self)
    i += 8
  }
  if i < values.count {
    var tail = Lanes(repeating: 0)
    for k in i..<values.count { tail[k - i] = values[k] }
    let result = kernel(tail)
    for k in i..<values.count { values[k] = result[k - i] }
  }
}

extension Float {
  @inlinable
  public static func applyTanh(_ values: UnsafeMutableBufferPointer<Float>) {
    applyFloatTanh(values)
  }

  @inlinable
  public static func applySigmoid(_ values: UnsafeMutableBufferPointer<Float>) {
    applyFloatSigmoid(values)
  }
}

@usableFromInline
func applyFloatTanh(_ values: UnsafeMutableBufferPointer<Float>) { applyLanes(values, laneTanh) }

@usableFromInline
func applyFloatSigmoid(_ values: UnsafeMutableBufferPointer<Float>) {
  applyLanes(values, laneSigmoid)
}

extension Double {
  @inlinable
  public static func applyTanh(_ values: UnsafeMutableBufferPointer<Double>) {
    for i in values.indices { values[i] = Double.tanh(values[i]) }
  }

  @inlinable
  public static func applySigmoid(_ values: UnsafeMutableBufferPointer<Double>) {
    for i in values.indices { values[i] = 1 / (1 + Double.exp(-values[i])) }
  }
}
