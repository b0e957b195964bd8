import Foundation
import LinearAlgebra
import Lyapunov
import RecurrentNets
import TensorIO
import TestSupport
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

  /// Double against the float64 reference: each sequence's clusters of near-equal exponents
  /// (neighbours within 0.02 nats per step) by their sums, within ten times the reference's
  /// own measured roundoff sensitivity summed over the cluster (at least 1e-8). An isolated
  /// exponent is a cluster of one, so this is the per-exponent comparison wherever the split
  /// is well conditioned; a near-degenerate pair (the full LSTM state's exponents 4 and 5 in
  /// sequence 2, 0.011 apart, roundoff sensitivity 1.4e-8 against 1e-12 elsewhere) is
  /// compared by its sum. The batch means are compared over the union of the clusters.
  static func compareDouble(_ got: LyapunovSpectrum, _ want: Expected) {
    func check(_ ours: [Double], _ theirs: [Double], _ clusters: [Range<Int>], _ label: String) {
      let a = SpectrumClusters.sums(ours, over: clusters)
      let b = SpectrumClusters.sums(theirs, over: clusters)
      for (c, range) in clusters.enumerated() {
        let roundoff = range.reduce(0) { $0 + want.roundoff[$1] }
        #expect(
          abs(a[c] - b[c]) <= max(1e-8, 10 * roundoff),
          "\(label) exponents \(range) of \(theirs.count): sum \(a[c]) vs \(b[c])")
      }
    }
    var boundaries = Set(0...want.mean.count)
    for b in want.perSequence.indices {
      let clusters = SpectrumClusters.clusters(want.perSequence[b], gap: 0.02)
      check(got.perTrajectory[b], want.perSequence[b], clusters, "sequence \(b)")
      for range in clusters { boundaries.subtract(range.dropFirst()) }
    }
    let cuts = boundaries.sorted()
    let union = zip(cuts, cuts.dropFirst()).map { $0..<$1 }
    check(got.exponents, want.mean, union, "mean")
  }

  @Test(arguments: ["rnn_h16", "lstm_h16"])
  func doublePrecisionHidden(name: String) throws {
    let want = try Self.expected(name)
    let got = try Self.spectrum(name, precision: "f64", convention: .hidden, as: Double.self)
    Self.compareDouble(got, want)
  }

  @Test func lstmFullStateDouble() throws {
    let want = try Self.expected("lstm_h16", key: "full_state")
    let got = try Self.spectrum("lstm_h16", precision: "f64", convention: .full, as: Double.self)
    #expect(got.exponents.count == 32)
    #expect(got.collapses.isEmpty)
    Self.compareDouble(got, want)
  }

  /// Float against the float64 reference, sequence by sequence, compared by the sums of
  /// clusters of near-equal exponents (neighbours within 0.02 nats per step, 6 / T), since
  /// rounding decides how such a pair splits its sum (SpectrumClusters). Each cluster's
  /// tolerance comes from a perturbation experiment on this machine: eight runs with every
  /// weight and input moved one Float ulp up or down at random give the sum's sensitivity to
  /// Float-sized errors, and the reference must lie within ten times that (at least 1e-5).
  /// The sensitivity itself must stay below a bound (measured: 2e-4 above -4 nats per step,
  /// 1e-3 at -4.5; the bound allows about 4x that), so a noisy Float path fails instead of
  /// widening its own tolerance.
  ///
  /// Only exponents above -5 are compared: below, Float loses digits in every step's QR
  /// (the full LSTM state's cell directions, contracted e^7-fold per step on average and far
  /// more where a forget gate closes), and directions contracted more than `n * eps` against
  /// the leading one in a step are reported as annihilated (-infinity), which is allowed
  /// only there. Use Double (the default) for that tail.
  static func compareFloat(_ name: String, key: String? = nil, convention: StateConvention)
    throws
  {
    func bound(_ meanExponent: Double) -> Double { meanExponent > -4 ? 1e-3 : 4e-3 }
    let want = try expected(name, key: key)
    let weights = try NetworkWeights<Float>.read(
      folder.appendingPathComponent("\(name).f32.safetensors"))
    let x = try NPY.read(folder.appendingPathComponent("\(name)_x.npy"), as: Float.self)
    let got = try spectrum(weights, inputs: x)
    let perturbed = try (1...8).map { seed -> LyapunovSpectrum in
      var generator = SeededGenerator(seed: UInt64(seed))
      func move(_ values: [Float]) -> [Float] {
        values.map { generator.next() & 1 == 0 ? $0.nextUp : $0.nextDown }
      }
      var moved = weights
      for key in moved.tensors.keys.sorted() {
        moved.tensors[key]!.data = move(moved.tensors[key]!.data)
      }
      var movedInputs = x
      movedInputs.data = move(x.data)
      return try spectrum(moved, inputs: movedInputs)
    }
    func spectrum(_ weights: NetworkWeights<Float>, inputs: NDArray<Float>) throws
      -> LyapunovSpectrum
    {
      try AnyRecurrentNetwork(weights).spectrum(
        inputs: inputs.data, batch: inputs.shape[0], steps: inputs.shape[1],
        convention: convention,
        estimator: LyapunovEstimator(
          EstimatorConfiguration(batch: inputs.shape[0], steps: inputs.shape[1])))
    }
    for b in want.perSequence.indices {
      let reference = want.perSequence[b]
      let compared = reference.firstIndex { $0 <= -5 } ?? reference.count
      let tailIsLast = reference[compared...].allSatisfy { $0 <= -5 }
      #expect(tailIsLast, "the exponents below -5 are the last columns")
      let runs = [got.perTrajectory[b]] + perturbed.map { $0.perTrajectory[b] }
      for run in runs {
        let finite = run[..<compared].allSatisfy { $0.isFinite }
        #expect(finite, "sequence \(b): \(run)")
      }
      let clusters = SpectrumClusters.clusters(Array(reference[..<compared]), gap: 0.02)
      let sensitivity = SpectrumClusters.sensitivity(
        base: got.perTrajectory[b], perturbed: Array(runs.dropFirst()), clusters: clusters)
      let ours = SpectrumClusters.sums(got.perTrajectory[b], over: clusters)
      let theirs = SpectrumClusters.sums(reference, over: clusters)
      for (c, range) in clusters.enumerated() {
        let deepest = range.map { reference[$0] }.min()!
        #expect(
          sensitivity[c] <= bound(deepest) * Double(range.count),
          "sequence \(b) exponents \(range): Float sensitivity \(sensitivity[c])")
        #expect(
          abs(ours[c] - theirs[c]) <= max(1e-5, 10 * sensitivity[c]),
          "sequence \(b) exponents \(range) of \(reference.count): sum \(ours[c]) vs \(theirs[c]), sensitivity \(sensitivity[c])"
        )
      }
    }
  }

  @Test(arguments: ["rnn_h16", "lstm_h16"])
  func floatPrecisionHidden(name: String) throws {
    try Self.compareFloat(name, convention: .hidden)
  }

  /// Float on the full LSTM state, down to -5 nats per step (29 of 32 exponents); the Double
  /// test above covers the tail, where it finds no collapse.
  @Test func lstmFullStateFloat() throws {
    try Self.compareFloat("lstm_h16", key: "full_state", convention: .full)
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
