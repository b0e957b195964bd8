import RealModule

/// A small, fast, seedable random number generator (xoshiro256**, seeded by SplitMix64).
///
/// LyapunovKit is reproducible: the same seed gives the same result on every machine.
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, so every random choice in the
/// library (initial frames, random matrices, inputs, weight initialization) goes through this.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// A generator whose stream is fixed by `seed`.
  public init(seed: UInt64) {
    var x = seed
    s0 = SeededGenerator.splitMix(&x)
    s1 = SeededGenerator.splitMix(&x)
    s2 = SeededGenerator.splitMix(&x)
    s3 = SeededGenerator.splitMix(&x)
  }

  /// A generator for an independent stream named by several integers, e.g.
  /// `(seed, trajectory, step)`: the keys are mixed so nearby keys give unrelated streams.
  public init(seed: UInt64, stream keys: Int...) {
    var x = seed
    for key in keys {
      x = SeededGenerator.splitMix(&x) ^ UInt64(bitPattern: Int64(key))
    }
    self.init(seed: x)
  }

  private static func splitMix(_ x: inout UInt64) -> UInt64 {
    x &+= 0x9E37_79B9_7F4A_7C15
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inlinable
  static func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  public mutating func next() -> UInt64 {
    let result = SeededGenerator.rotate(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = SeededGenerator.rotate(s3, 45)
    return result
  }

  /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject, no modulo bias),
  /// written out rather than `Int.random(in:using:)` so the stream cannot change with the
  /// standard library.
  public mutating func next(below bound: UInt64) -> UInt64 {
    precondition(bound > 0, "the bound must be positive")
    var product = next().multipliedFullWidth(by: bound)
    if product.low < bound {
      let threshold = (0 &- bound) % bound
      while product.low < threshold {
        product = next().multipliedFullWidth(by: bound)
      }
    }
    return product.high
  }

  /// A uniform double in [0, 1) with 53 random bits.
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal sample (Box-Muller; one of the pair is discarded for simplicity and
  /// independence of the stream from call order).
  public mutating func nextNormal() -> Double {
    var u1 = nextUniform()
    while u1 == 0 { u1 = nextUniform() }
    let u2 = nextUniform()
    return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
  }
}

extension Array {
  /// Shuffles in place by Fisher–Yates with ``SeededGenerator/next(below:)``: the same
  /// generator state gives the same order with every toolchain (the standard library's
  /// `shuffle(using:)` promises no particular algorithm).
  public mutating func shuffleStably(using generator: inout SeededGenerator) {
    for i in stride(from: count - 1, to: 0, by: -1) {
      swapAt(i, Int(generator.next(below: UInt64(i + 1))))
    }
  }
}

extension Matrix {
  /// A matrix with independent N(0, std^2) entries drawn from `generator`.
  public static func randomNormal(
    rows: Int, columns: Int, std: Scalar = 1, using generator: inout SeededGenerator
  ) -> Matrix {
    var m = Matrix(rows: rows, columns: columns)
    for i in m.storage.indices { m.storage[i] = Scalar(generator.nextNormal()) * std }
    return m
  }
}
