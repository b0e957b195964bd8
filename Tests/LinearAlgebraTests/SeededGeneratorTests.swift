import LinearAlgebra
import Testing

@Suite struct SeededGeneratorTests {
  @Test func sameSeedSameStreamAndStreamsDiffer() {
    var a = SeededGenerator(seed: 42)
    var b = SeededGenerator(seed: 42)
    var c = SeededGenerator(seed: 42, stream: 1)
    let xs = (0..<5).map { _ in a.next() }
    #expect(xs == (0..<5).map { _ in b.next() })
    #expect(xs != (0..<5).map { _ in c.next() })
  }

  /// Bounded draws are uniform: counts of 0..<6 over 60,000 draws lie within 5 standard
  /// deviations (sqrt(n p (1 - p)) = 91) of 10,000, and a bound of 1 always gives 0.
  @Test func boundedDrawsAreUniform() {
    var g = SeededGenerator(seed: 9)
    var counts = [Int](repeating: 0, count: 6)
    for _ in 0..<60_000 { counts[Int(g.next(below: 6))] += 1 }
    #expect(counts.allSatisfy { abs($0 - 10_000) < 5 * 91 }, "\(counts)")
    #expect((0..<100).allSatisfy { _ in g.next(below: 1) == 0 })
  }

  /// A stable shuffle is a permutation, fixed by the generator's state, and every one of
  /// the 6 orders of 3 items comes up about equally often.
  @Test func stableShuffleIsAUniformPermutation() {
    var a = SeededGenerator(seed: 3)
    var b = SeededGenerator(seed: 3)
    var x = Array(0..<50)
    var y = Array(0..<50)
    x.shuffleStably(using: &a)
    y.shuffleStably(using: &b)
    #expect(x == y && x.sorted() == Array(0..<50) && x != Array(0..<50))
    var g = SeededGenerator(seed: 4)
    var seen: [[Int]: Int] = [:]
    for _ in 0..<6_000 {
      var items = [0, 1, 2]
      items.shuffleStably(using: &g)
      seen[items, default: 0] += 1
    }
    // Each order: 1,000 expected, standard deviation sqrt(6000 * 1/6 * 5/6) = 29.
    #expect(seen.count == 6 && seen.values.allSatisfy { abs($0 - 1_000) < 5 * 29 }, "\(seen)")
  }

  @Test func normalSamplesHaveUnitVariance() {
    var g = SeededGenerator(seed: 1)
    let n = 200_000
    let xs = (0..<n).map { _ in g.nextNormal() }
    let mean = xs.reduce(0, +) / Double(n)
    let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
    // Standard errors: 1/sqrt(n) = 0.0022 for the mean, sqrt(2/n) = 0.0032 for the variance.
    #expect(abs(mean) < 0.01)
    #expect(abs(variance - 1) < 0.015)
  }
}
