/// Summary statistics of a Lyapunov spectrum, the features the thesis correlates with
/// network performance.
///
/// Exponents of annihilated directions (-infinity) are counted in ``infiniteCount`` and left
/// out of every other statistic, which are those of the finite exponents. With no finite
/// exponent, max, mean, median and sum are -infinity and the standard deviation is 0.
public struct SpectrumStatistics: Codable, Equatable, Sendable {
  /// The largest exponent.
  public var max: Double
  /// The mean over the exponents.
  public var mean: Double
  /// The median over the exponents.
  public var median: Double
  /// The standard deviation over the exponents (population, divisor k).
  public var standardDeviation: Double
  /// The sum of the exponents.
  public var sum: Double
  /// How many exponents are strictly positive.
  public var positiveCount: Int
  /// The Kaplan-Yorke dimension `j + (l_1 + ... + l_j) / |l_{j+1}|` with j the largest index
  /// whose partial sum of the descending exponents is non-negative; k when every partial sum
  /// is non-negative (the computed exponents cannot bound it), 0 when `l_1 < 0`.
  public var kaplanYorkeDimension: Double
  /// The sum of the positive exponents (Pesin's upper bound on the KS entropy).
  public var entropy: Double
  /// How many exponents are infinite (annihilated directions), left out of the rest.
  public var infiniteCount: Int

  /// Computes the statistics of `exponents` (any order).
  public init(_ all: [Double]) {
    let exponents = all.filter(\.isFinite)
    infiniteCount = all.count - exponents.count
    guard !exponents.isEmpty else {
      (max, mean, median, sum) = (-.infinity, -.infinity, -.infinity, -.infinity)
      (standardDeviation, positiveCount, kaplanYorkeDimension, entropy) = (0, 0, 0, 0)
      return
    }
    let k = exponents.count
    let sorted = exponents.sorted(by: >)
    let n = Double(k)
    max = sorted[0]
    sum = exponents.reduce(0, +)
    mean = sum / n
    if k % 2 == 1 {
      median = sorted[k / 2]
    } else {
      median = (sorted[k / 2 - 1] + sorted[k / 2]) / 2
    }
    let m = mean
    standardDeviation =
      (exponents.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n).squareRoot()
    positiveCount = exponents.filter { $0 > 0 }.count
    entropy = exponents.filter { $0 > 0 }.reduce(0, +)
    var partial = 0.0
    var j = 0
    while j < k && partial + sorted[j] >= 0 {
      partial += sorted[j]
      j += 1
    }
    if j == 0 {
      kaplanYorkeDimension = 0
    } else if j == k {
      kaplanYorkeDimension = Double(k)
    } else {
      kaplanYorkeDimension = Double(j) + partial / abs(sorted[j])
    }
  }
}

extension SpectrumStatistics {
  enum CodingKeys: String, CodingKey {
    case max, mean, median, standardDeviation, sum, positiveCount, kaplanYorkeDimension, entropy
    case infiniteCount
  }

  private enum LegacyKeys: String, CodingKey { case std }

  /// JSON has no infinities: a statistic that is -infinity (no finite exponent) is written as
  /// null, and read back as -infinity.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    func put(_ value: Double, _ key: CodingKeys) throws {
      try c.encode(value.isFinite ? value : nil, forKey: key)
    }
    try put(max, .max)
    try put(mean, .mean)
    try put(median, .median)
    try put(standardDeviation, .standardDeviation)
    try put(sum, .sum)
    try c.encode(positiveCount, forKey: .positiveCount)
    try put(kaplanYorkeDimension, .kaplanYorkeDimension)
    try put(entropy, .entropy)
    try c.encode(infiniteCount, forKey: .infiniteCount)
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func get(_ key: CodingKeys) throws -> Double {
      try c.decodeIfPresent(Double.self, forKey: key) ?? -.infinity
    }
    max = try get(.max)
    mean = try get(.mean)
    median = try get(.median)
    // metrics.jsonl of lyap 0.11 and earlier named it `std`.
    let legacy = try decoder.container(keyedBy: LegacyKeys.self)
    standardDeviation =
      try c.decodeIfPresent(Double.self, forKey: .standardDeviation)
      ?? legacy.decodeIfPresent(Double.self, forKey: .std) ?? -.infinity
    sum = try get(.sum)
    positiveCount = try c.decode(Int.self, forKey: .positiveCount)
    kaplanYorkeDimension = try get(.kaplanYorkeDimension)
    entropy = try get(.entropy)
    infiniteCount = try c.decodeIfPresent(Int.self, forKey: .infiniteCount) ?? 0
  }
}
