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
