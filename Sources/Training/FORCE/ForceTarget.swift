import Foundation
import LinearAlgebra
import RealModule
import TensorIO

/// The signal a FORCE network learns to produce: `samples` steps of `outputs` values, one
/// epoch of training, repeated periodically (step t of a run is compared with sample
/// `t mod samples`).
public struct ForceTarget: Sendable, Equatable {
  /// Samples in one period (one epoch).
  public let samples: Int
  /// Outputs D, one readout each.
  public let outputs: Int
  /// `[samples, outputs]` in C order, as a `.npy` `[T, D]` array.
  public let values: [Double]
  /// The integer frequencies F_i of a four-sine target (empty for a file).
  public let frequencies: [Int]
  /// The integer amplitudes A_i of a four-sine target (empty for a file).
  public let amplitudes: [Int]

  /// A target from explicit values (`[samples, outputs]` C order).
  /// - Throws: ``ForceError/invalidTarget(source:detail:)`` when the shape does not fit,
  ///   there are no samples, or a value is NaN or infinite (naming the first such sample).
  public init(values: [Double], samples: Int, outputs: Int, source: String = "values") throws {
    guard samples >= 1, outputs >= 1, values.count == samples * outputs else {
      throw ForceError.invalidTarget(
        source: source,
        detail:
          "\(values.count) values do not form \(samples) samples of \(outputs) outputs; need at least one of each"
      )
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw ForceError.invalidTarget(
        source: source,
        detail: "sample \(bad / outputs), output \(bad % outputs) is \(values[bad])")
    }
    self.init(
      checked: values, samples: samples, outputs: outputs, frequencies: [], amplitudes: [])
  }

  private init(
    checked values: [Double], samples: Int, outputs: Int, frequencies: [Int], amplitudes: [Int]
  ) {
    self.values = values
    self.samples = samples
    self.outputs = outputs
    self.frequencies = frequencies
    self.amplitudes = amplitudes
  }

  /// A `[T]` (one output) or `[T, D]` array, e.g. read from a `.npy` file.
  public init(array: NDArray<Double>, source: String) throws {
    switch array.shape.count {
    case 1:
      try self.init(values: array.data, samples: array.shape[0], outputs: 1, source: source)
    case 2:
      try self.init(
        values: array.data, samples: array.shape[0], outputs: array.shape[1], source: source)
    default:
      throw ForceError.invalidTarget(
        source: source,
        detail: "its shape is \(array.shape); a target is [T] or [T, D] (T samples, D outputs)")
    }
  }

  /// Reads a `[T]` or `[T, D]` `.npy` file.
  public static func load(_ url: URL) throws -> ForceTarget {
    try ForceTarget(array: NPY.read(url, as: Double.self), source: "'\(url.path)'")
  }

  /// The random four-sine target of the thesis's FORCE study (the authors' `random_4sine`):
  /// `f(t) = sum_{i<4} A_i sin(pi F_i t / 60)` at `t = s dt` for `s < samples`, with integer
  /// `F_i` uniform in `frequencies` and `A_i` uniform in `amplitudes`, zero phase, divided
  /// by its largest absolute value over the samples.
  ///
  /// With `dt = 0.1` and 1200 samples one epoch is the 120 s period of `F = 1`.
  /// - Throws: ``ForceError/invalidOption(name:value:hint:)`` for a frequency or amplitude
  ///   range below 1 or a non-positive step count.
  public static func fourSine(
    seed: UInt64, frequencies: ClosedRange<Int> = 1...5, amplitudes: ClosedRange<Int> = 1...10,
    samples: Int = 1200, dt: Double = 0.1
  ) throws -> ForceTarget {
    guard frequencies.lowerBound >= 1 else {
      throw ForceError.invalidOption(
        name: "frequency range", value: "\(frequencies)", hint: "frequencies start at 1")
    }
    guard amplitudes.lowerBound >= 1 else {
      throw ForceError.invalidOption(
        name: "amplitude range", value: "\(amplitudes)", hint: "amplitudes start at 1")
    }
    guard samples >= 1, dt > 0, dt.isFinite else {
      throw ForceError.invalidOption(
        name: "samples and dt", value: "\(samples), \(dt)",
        hint: "need at least one sample and a positive step")
    }
    var generator = SeededGenerator(seed: seed, stream: 4)
    func draw(_ range: ClosedRange<Int>) -> Int {
      range.lowerBound + Int(generator.next(below: UInt64(range.count)))
    }
    let f = (0..<4).map { _ in draw(frequencies) }
    let a = (0..<4).map { _ in draw(amplitudes) }
    var values = (0..<samples).map { s -> Double in
      let t = Double(s) * dt
      return (0..<4).reduce(0) {
        $0 + Double(a[$1]) * Double.sin(Double.pi * Double(f[$1]) * t / 60)
      }
    }
    let peak = values.reduce(0) { max($0, abs($1)) }
    guard peak > 0 else {
      throw ForceError.invalidOption(
        name: "samples and dt", value: "\(samples), \(dt)",
        hint: "the four sines vanish at every sample; use more samples")
    }
    for i in values.indices { values[i] /= peak }
    return ForceTarget(
      checked: values, samples: samples, outputs: 1, frequencies: f, amplitudes: a)
  }
}
