import LinearAlgebra

/// One random split of a population into a training part and a held-out test part; a
/// validation part (for the autoencoder's choice of state only) is taken from the training
/// part.
public struct HeldOutSplit: Codable, Equatable, Sendable {
  /// Training networks, validation included, sorted.
  public var train: [Int]
  /// The validation networks (a subset of ``train``), sorted.
  public var validation: [Int]
  /// Held-out networks, sorted.
  public var test: [Int]

  /// The training networks not in the validation part.
  public var fitting: [Int] {
    let held = Set(validation)
    return train.filter { !held.contains($0) }
  }

  /// `splits` seeded random splits of networks `0..<n`: split s shuffles them with the
  /// generator `(seed, s)`, the first `round(n * testFraction)` are the test part, the next
  /// `round(n * validationFraction)` the validation part (fractions of all networks: 0.2 and
  /// 0.1 give the thesis's 70/10/20), the rest train.
  /// - Precondition: both parts and at least two fitting networks exist.
  public static func random(
    count n: Int, splits: Int, testFraction: Double = 0.2, validationFraction: Double = 0.1,
    seed: UInt64
  ) -> [HeldOutSplit] {
    let testCount = max(1, Int((Double(n) * testFraction).rounded()))
    let validationCount =
      validationFraction > 0
      ? max(1, Int((Double(n) * validationFraction).rounded())) : 0
    precondition(n - testCount - validationCount >= 2, "too few networks to split")
    return (0..<splits).map { s in
      var order = Array(0..<n)
      var generator = SeededGenerator(seed: seed, stream: s)
      order.shuffleStably(using: &generator)
      return HeldOutSplit(
        train: Array(order[testCount...]).sorted(),
        validation: Array(order[testCount..<(testCount + validationCount)]).sorted(),
        test: Array(order[0..<testCount]).sorted())
    }
  }
}
