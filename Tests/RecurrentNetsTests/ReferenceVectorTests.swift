import Foundation
import LinearAlgebra
import Lyapunov
import RecurrentNets
import TensorIO
import Testing

/// The independent float64 PyTorch spectra of `../shared/vectors` (copied into Fixtures):
/// a tanh RNN and an LSTM, hidden 16, batch 4, T = 300, QR every step, h0 = c0 = 0.
@Suite struct ReferenceVectorTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/vectors")

  struct Expected {
    let perSequence: [[Double]]
    let mean: [Double]
    let roundoff: [Double]
  }

  static func expected(_ name: String, key: String? = nil) throws -> Expected {
    let data = try Data(contentsOf: folder.appendingPathComponent("\(name)_expected.json"))
    var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    if let key { object = object[key] as! [String: Any] }
    return Expected(
      perSequence: object["le_per_sequence"] as! [[Double]], mean: object["le_mean"] as! [Double],
      roundoff: object["roundoff_sensitivity_per_exponent"] as! [Double])
  }

  static func spectrum<S: BLASScalar>(
    _ name: String, precision: String, convention: StateConvention, as: S.Type
  ) throws -> LyapunovSpectrum {
    let weights = try NetworkWeights<S>.read(
      folder.appendingPathComponent("\(name).\(precision).safetensors"))
    let x = try NPY.read(folder.appendingPathComponent("\(name)_x.npy"), as: S.self)
    let network = try AnyRecurrentNetwork(weights)
    return try network.spectrum(
      inputs: x.data, batch: x.shape[0], steps: x.shape[1], convention: convention,
      estimator: LyapunovEstimator(EstimatorConfiguration(batch: x.shape[0], steps: x.shape[1])))
  }

  static func compare(_ got: LyapunovSpectrum, _ want: Expected, tolerance: (Int) -> Double) {
    for i in want.mean.indices {
      #expect(abs(got.exponents[i] - want.mean[i]) <= tolerance(i), "mean exponent \(i)")
      for b in want.perSequence.indices {
        #expect(
          abs(got.perTrajectory[b][i] - want.perSequence[b][i]) <= tolerance(i),
          "sequence \(b) exponent \(i) of \(want.mean.count): \(got.perTrajectory[b][i]) vs \(want.perSequence[b][i])"
        )
      }
    }
  }

  @Test(arguments: ["rnn_h16", "lstm_h16"])
  func doublePrecisionHidden(name: String) throws {
    let want = try Self.expected(name)
    let got = try Self.spectrum(name, precision: "f64", convention: .hidden, as: Double.self)
    Self.compare(got, want) { max(1e-8, 10 * want.roundoff[$0]) }
  }

  @Test func lstmFullStateDouble() throws {
    let want = try Self.expected("lstm_h16", key: "full_state")
    let got = try Self.spectrum("lstm_h16", precision: "f64", convention: .full, as: Double.self)
    #expect(got.exponents.count == 32)
    Self.compare(got, want) { max(1e-8, 10 * want.roundoff[$0]) }
  }

  @Test(arguments: ["rnn_h16", "lstm_h16"])
  func floatPrecisionHidden(name: String) throws {
    let want = try Self.expected(name)
    let got = try Self.spectrum(name, precision: "f32", convention: .hidden, as: Float.self)
    Self.compare(got, want) { _ in 2e-3 }
  }

  /// Float on the full LSTM state: 2e-3 down to -5 nats per step. The three most negative
  /// exponents (-5.1, -6.2, -7.3: cell-state directions contracted e^7-fold per step against
  /// the leading ones) lose about two digits to float rounding in every step's QR; there we
  /// allow 0.03 — use Double (the default) for the tail.
  @Test func lstmFullStateFloat() throws {
    let want = try Self.expected("lstm_h16", key: "full_state")
    let got = try Self.spectrum("lstm_h16", precision: "f32", convention: .full, as: Float.self)
    Self.compare(got, want) { want.mean[$0] > -5 ? 2e-3 : 3e-2 }
  }

  /// The rejected convention (`Q <- qr(J^T Q)`) differs from ours by up to 0.04 nats: make
  /// sure we are not accidentally close to it.
  @Test func notTheTransposedProduct() throws {
    let data = try Data(
      contentsOf: Self.folder.appendingPathComponent("lstm_h16_expected.json"))
    let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    let diagnostic = object["diagnostic_transposed_product_NOT_ground_truth"] as! [String: Any]
    let transposed = diagnostic["le_mean"] as! [Double]
    let got = try Self.spectrum("lstm_h16", precision: "f64", convention: .hidden, as: Double.self)
    let gap = zip(got.exponents, transposed).map { abs($0 - $1) }.max()!
    #expect(gap > 1e-3)
  }
}
