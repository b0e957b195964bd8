/// In-place tanh and logistic sigmoid over a buffer: the nonlinearities every recurrent cell
/// applies to whole gate blocks.
///
/// Float runs in C (`CActivations`, compiled for AVX-512, AVX2 and baseline x86-64, the
/// widest the processor supports chosen at load time: 16, 8 or 4 lanes): libm's `tanhf` costs about 30 ns an element,
/// and baseline SSE2 vectors left these kernels a fifth of LSTM training time. Double calls
/// libm element by element, so spectra in Double keep libm's accuracy.

import CActivations
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
