import LinearAlgebra
import RecurrentNets
import Testing

@testable import Analysis

/// R-guided flips: the ranking against an independent power iteration, the loss changes
/// against explicitly flipped inputs, and the flips themselves.
@Suite struct RGuidedPerturbationTests {
  /// Pixel-like batch: one feature per step, values 0 or in (0, 1].
  static func images(count: Int, steps: Int) -> (inputs: [Matrix<Double>], classes: [Int]) {
    var g = SeededGenerator(seed: 4)
    let inputs = (0..<steps).map { _ in
      Matrix<Double>(
        rows: 1, columns: count,
        storage: (0..<count).map { _ in g.nextUniform() < 0.5 ? 0 : g.nextUniform() })
    }
    return (inputs, (0..<count).map { _ in Int(g.next(below: 5)) })
  }

  /// `log R_1` at step t is `log |J_t v_{t-1}|` for the normalized forward-propagated
  /// `v` (`v_{-1} = e_1`); the mean score of n = N is `log|det J_t| / N`.
  @Test func scoresMatchPowerIterationAndDeterminant() throws {
    let parameters = try AnalysisFixtures.parameters(.rnn, inputs: 1, scale: 0.9)
    let (inputs, _) = Self.images(count: 1, steps: 12)
    let jacobians = try parameters.withClassifier { $0.jacobians(inputs, convention: .hidden) }
    let r1 = PerturbationScore.r1.scores(
      try QRFactorRecord(jacobians: jacobians, columns: 1, orientation: .forward))
    let meanAll = PerturbationScore.meanLogR(4).scores(
      try QRFactorRecord(jacobians: jacobians, columns: 4, orientation: .forward))
    var v = [1.0, 0, 0, 0]
    for (t, j) in jacobians.enumerated() {
      let w = (j * Matrix(rows: 4, columns: 1, storage: v)).storage
      let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
      #expect(abs(r1[t] - Double.log(norm)) < 1e-12)
      v = w.map { $0 / norm }
      let logDet = try logAbsDeterminant(j).logAbs
      #expect(abs(meanAll[t] - logDet / 4) < 1e-12)
    }
  }

  /// Each row's R-flipped mean is the mean over images of `L(flipped) - L(original)` with
  /// the top-k steps by `log R_1` flipped by hand; random flips change k steps each.
  @Test func lossChangesMatchExplicitFlips() throws {
    let parameters = try AnalysisFixtures.parameters(.rnn, inputs: 1, scale: 0.9)
    let steps = 10
    let (inputs, classes) = Self.images(count: 3, steps: steps)
    let study = RGuidedPerturbation(
      inputs: inputs, classes: classes, ks: [1, 3], randomCount: 4, score: .r1, seed: 2)
    let out = try parameters.study(study)
    #expect(out.rows.map(\.k) == [1, 3])
    for (row, k) in zip(out.rows, [1, 3]) {
      var total = 0.0
      for b in classes.indices {
        let image = inputs.map { $0.columns(b..<(b + 1)) }
        let jacobians = try parameters.withClassifier { $0.jacobians(image, convention: .hidden) }
        let scores = PerturbationScore.r1.scores(
          try QRFactorRecord(jacobians: jacobians, columns: 1, orientation: .forward))
        let top = Set(scores.indices.sorted { scores[$0] > scores[$1] }.prefix(k))
        #expect(Set(out.rankedSteps[b].prefix(k)) == top)
        let flippedImage = image.enumerated().map { t, x in
          top.contains(t) ? Matrix(rows: 1, columns: 1, storage: [x[0, 0] == 0 ? 1 : 0]) : x
        }
        let loss = { (x: [Matrix<Double>]) in
          try parameters.withClassifier { $0.loss(x, step: steps - 1, target: classes[b]) }
        }
        total += try loss(flippedImage) - loss(image)
      }
      #expect(abs(row.meanRFlipped - total / 3) < 1e-12)
      #expect(row.comparison.standardError > 0)
    }
  }

  /// Random subsets have k distinct steps; flips turn 0 into 1 and anything else into 0.
  @Test func flipsAndSubsets() {
    var g = SeededGenerator(seed: 1)
    for k in [1, 5, 10] {
      let s = RGuidedPerturbation.randomSubset(k, of: 10, &g)
      #expect(s.count == k && s.allSatisfy { (0..<10).contains($0) })
    }
    let image = [0.0, 0.4, 1.0].map { Matrix<Double>(rows: 1, columns: 1, storage: [$0]) }
    let out = RGuidedPerturbation.flipped(image, [[0, 1, 2], [1]])
    #expect(out.map(\.storage) == [[0, 1, 0], [0.4, 0, 0], [1, 0, 1]])
  }

  /// Out-of-range options are errors naming the value.
  @Test func invalidOptions() throws {
    let parameters = try AnalysisFixtures.parameters(.rnn, inputs: 1)
    let (inputs, classes) = Self.images(count: 3, steps: 6)
    for study in [
      RGuidedPerturbation(
        inputs: inputs, classes: classes, ks: [7], randomCount: 4, score: .r1, seed: 0),
      RGuidedPerturbation(
        inputs: inputs, classes: classes, ks: [1], randomCount: 1, score: .r1, seed: 0),
      RGuidedPerturbation(
        inputs: inputs, classes: classes, ks: [1], randomCount: 4, score: .meanLogR(5), seed: 0),
    ] {
      #expect(throws: GradientStudyError.self) { try parameters.study(study) }
    }
    #expect(PerturbationScore("mean:10") == .meanLogR(10))
    #expect(PerturbationScore("r1") == .r1)
    #expect(PerturbationScore("mean:0") == nil && PerturbationScore("r2") == nil)
  }
}
