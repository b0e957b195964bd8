import CVectorKernels
import LinearAlgebra
import Testing

/// The vectorized Adam step and dense backward passes against scalar loops written from
/// their definitions (PyTorch's `torch.optim.Adam` documentation; `d tanh = 1 - tanh^2`),
/// Adam's first step against its closed form, and every instruction-set level against the
/// baseline bit for bit.
@Suite struct ElementwiseTrainingKernelsTests {
  /// Values spanning several magnitudes and both signs, zeros among them; 1003 elements, so
  /// every level's scalar remainder runs.
  static func values(_ count: Int, seed: UInt64, scale: Double) -> [Double] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { i in
      i % 17 == 0
        ? 0
        : scale * Double.random(in: -1...1, using: &generator)
          * Double.pow(10, Double.random(in: -3...1, using: &generator))
    }
  }

  /// Adam by its definition, in Double arithmetic whatever the storage.
  static func referenceAdam<S: BinaryFloatingPoint>(
    _ p: inout [S], _ g: [S], _ m: inout [S], _ v: inout [S], _ s: AdamStep
  ) {
    for i in p.indices {
      let gi =
        s.weightDecay != 0 ? Double(S(Double(g[i]) + s.weightDecay * Double(p[i]))) : Double(g[i])
      let mi = s.beta1 * Double(m[i]) + (1 - s.beta1) * gi
      let vi = s.beta2 * Double(v[i]) + (1 - s.beta2) * gi * gi
      m[i] = S(mi)
      v[i] = S(vi)
      let mHat = mi / s.correction1
      let vHat = vi / s.correction2
      p[i] = S(Double(p[i]) - s.lr * mHat / (vHat.squareRoot() + s.epsilon))
    }
  }

  @Test(arguments: [0.0, 1e-2])
  func adamMatchesItsDefinitionOverSeveralSteps(weightDecay: Double) {
    let n = 1003
    var p = Self.values(n, seed: 1, scale: 1).map(Float.init)
    var (m, v) = ([Float](repeating: 0, count: n), [Float](repeating: 0, count: n))
    var (pr, mr, vr) = (p, m, v)
    var (pd, md, vd) = (
      p.map(Double.init), [Double](repeating: 0, count: n), [Double](repeating: 0, count: n)
    )
    var (pdr, mdr, vdr) = (pd, md, vd)
    for t in 1...5 {
      let g = Self.values(n, seed: UInt64(10 + t), scale: 3)
      let s = AdamStep(step: t, lr: 1e-3, weightDecay: weightDecay)
      let gf = g.map(Float.init)
      Float.adamStep(parameters: &p, gradients: gf, first: &m, second: &v, count: n, s)
      Self.referenceAdam(&pr, gf, &mr, &vr, s)
      Double.adamStep(parameters: &pd, gradients: g, first: &md, second: &vd, count: n, s)
      Self.referenceAdam(&pdr, g, &mdr, &vdr, s)
    }
    #expect(p == pr && m == mr && v == vr)
    #expect(pd == pdr && md == mdr && vd == vdr)
  }

  /// From zero moments the first step is `p -= lr g / (|g| + eps)`: about `lr sign(g)`.
  @Test func adamsFirstStepMovesEachParameterByTheLearningRate() {
    let g: [Double] = [2, -0.5, 1e-3, -40, 0]
    var p = [Double](repeating: 1, count: g.count)
    var (m, v) = ([Double](repeating: 0, count: g.count), [Double](repeating: 0, count: g.count))
    Double.adamStep(
      parameters: &p, gradients: g, first: &m, second: &v, count: g.count,
      AdamStep(step: 1, lr: 0.01))
    for (pi, gi) in zip(p, g) {
      let expected = 1 - 0.01 * gi / (abs(gi) + 1e-8)
      #expect(abs(pi - expected) < 1e-15, "g = \(gi): \(pi) vs \(expected)")
    }
  }

  @Test func tanhBackwardMatchesItsDefinition() {
    let (rows, columns) = (37, 29)
    let a = Self.values(rows * columns, seed: 3, scale: 0.1).map { Float(max(-1, min(1, $0))) }
    let delta0 = Self.values(rows * columns, seed: 4, scale: 1).map(Float.init)
    var delta = delta0
    var sums = [Float](repeating: 0.5, count: rows)
    Float.tanhBackward(&delta, output: a, rows: rows, columns: columns, addingRowSumsTo: &sums)
    var expectedSums = [Float](repeating: 0.5, count: rows)
    for j in 0..<columns {
      for i in 0..<rows {
        let d = delta0[i + j * rows] * (1 - a[i + j * rows] * a[i + j * rows])
        #expect(delta[i + j * rows] == d)
        expectedSums[i] += d
      }
    }
    #expect(sums == expectedSums)
  }

  @Test func scaledErrorMatchesItsDefinition() {
    let (rows, columns) = (203, 7)
    let x = Self.values(rows * columns, seed: 5, scale: 1)
    let y0 = Self.values(rows * columns, seed: 6, scale: 1)
    var y = y0
    var sums = [Double](repeating: 0, count: rows)
    let scale = 2.0 / Double(rows * columns)
    let total = Double.scaledError(
      &y, minus: x, rows: rows, columns: columns, scale: scale, addingRowSumsTo: &sums)
    var (expectedTotal, expectedSums) = (0.0, [Double](repeating: 0, count: rows))
    for j in 0..<columns {
      for i in 0..<rows {
        let e = y0[i + j * rows] - x[i + j * rows]
        expectedTotal += e * e
        #expect(y[i + j * rows] == scale * e)
        expectedSums[i] += scale * e
      }
    }
    #expect(sums == expectedSums)
    // Only the order of the total's sum differs from the reference.
    #expect(abs(total - expectedTotal) <= 1e-14 * expectedTotal)
  }

  /// Every level this processor runs gives the baseline's bits (all three on ours).
  @Test func levelsAgreeBitForBit() {
    let n = 1003
    let p0 = Self.values(n, seed: 7, scale: 1).map(Float.init)
    let g = Self.values(n, seed: 8, scale: 2).map(Float.init)
    let a = Self.values(n, seed: 9, scale: 0.1).map(Float.init)
    var step = lk_adam_step(
      lr: 1e-3, beta1: 0.9, beta2: 0.999, correction1: 0.271, correction2: 0.002997,
      epsilon: 1e-8, weight_decay: 1e-5)
    func run(_ level: Int32) -> ([[Float]], Double) {
      var (p, m, v) = (p0, g, a.map { $0 * $0 })
      lk_adam_f32_at(level, &p, g, &m, &v, n, &step)
      var delta = g
      var sums = [Float](repeating: 0, count: 17)
      lk_tanh_backward_f32_at(level, &delta, a, 17, 59, &sums)
      var y = p0
      var errorSums = [Float](repeating: 0, count: 59)
      let total = lk_scaled_error_f32_at(level, &y, g, 59, 17, 0.25, &errorSums)
      return ([p, m, v, delta, sums, y, errorSums], total)
    }
    let (baseline, baselineTotal) = run(0)
    for level in 0...lk_activation_level() {
      let (got, total) = run(level)
      #expect(total.bitPattern == baselineTotal.bitPattern, "level \(level)")
      for (x, y) in zip(got, baseline) {
        #expect(zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }, "level \(level)")
      }
    }
  }
}
