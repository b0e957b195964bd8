/// In-place tanh and logistic sigmoid over a buffer: the nonlinearities every recurrent cell
/// applies to whole gate blocks.
///
/// Float runs in C (`CVectorKernels`, compiled for AVX-512, AVX2 and baseline x86-64, the
/// widest the processor supports chosen at load time: 16, 8 or 4 lanes): libm's `tanhf` costs about 30 ns an element,
/// and baseline SSE2 vectors left these kernels a fifth of LSTM training time. Double calls
/// libm element by element, so spectra in Double keep libm's accuracy.

import CVectorKernels
import RealModule

extension Float {
  @inlinable
  public static func applyTanh(_ values: UnsafeMutableBufferPointer<Float>) {
    guard let base = values.baseAddress else { return }
    lk_tanh_f32(base, values.count)
  }

  @inlinable
  public static func applySigmoid(_ values: UnsafeMutableBufferPointer<Float>) {
    guard let base = values.baseAddress else { return }
    lk_sigmoid_f32(base, values.count)
  }
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

extension BLASScalar {
  /// `tanh` in place by the vectorized C kernels in either precision: Float's
  /// ``Float/applyTanh(_:)`` (within 4 ulp) and a Double kernel within 4 ulp of the exact
  /// value, bit-identical on every x86-64 level. ``Double/applyTanh(_:)`` stays libm's for
  /// the spectra; this one is for training, where a few ulp are far below the noise.
  @inlinable
  public static func applyVectorTanh(_ values: UnsafeMutableBufferPointer<Self>) {
    guard let base = values.baseAddress else { return }
    if Self.self == Double.self {
      UnsafeMutableRawPointer(base).withMemoryRebound(to: Double.self, capacity: values.count) {
        lk_tanh_f64($0, values.count)
      }
    } else {
      applyTanh(values)
    }
  }
}
