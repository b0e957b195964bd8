import LinearAlgebra

/// Pearson and Spearman correlation coefficients and their percentile bootstrap intervals.
///
/// - Pearson: `r = sum (x - mx)(y - my) / sqrt(sum (x - mx)^2 sum (y - my)^2)`.
/// - Spearman: Pearson's r of the ranks, ties given their average rank (as SciPy's
///   `spearmanr`).
/// Both are nil when either variable is constant (or fewer than 2 pairs): the coefficient is
/// undefined there, and nil says so rather than a NaN.
public enum Correlation: String, Codable, Sendable, CaseIterable {
  case pearson
  case spearman

  /// The coefficient of the pairs `(x[i], y[i])`.
  public func coefficient(_ x: [Double], _ y: [Double]) -> Double? {
    precondition(x.count == y.count, "correlation of \(x.count) and \(y.count) values")
    switch self {
    case .pearson: return Self.pearsonR(x, y)
    case .spearman: return Self.pearsonR(Self.ranks(x), Self.ranks(y))
    }
  }

  static func pearsonR(_ x: [Double], _ y: [Double]) -> Double? {
    let n = x.count
    guard n >= 2 else { return nil }
    let mx = x.reduce(0, +) / Double(n)
    let my = y.reduce(0, +) / Double(n)
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for i in 0..<n {
      let dx = x[i] - mx
      let dy = y[i] - my
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    guard sxx > 0, syy > 0 else { return nil }
    return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
  }

  /// 1-based ranks of `x`, ties sharing the mean of the ranks they span.
  public static func ranks(_ x: [Double]) -> [Double] {
    let order = x.indices.sorted { x[$0] < x[$1] }
    var ranks = [Double](repeating: 0, count: x.count)
    var start = 0
    while start < order.count {
      var end = start
      while end + 1 < order.count && x[order[end + 1]] == x[order[start]] { end += 1 }
      let average = Double(start + end) / 2 + 1
      for i in start...end { ranks[order[i]] = average }
      start = end + 1
    }
    return ranks
  }

  /// A coefficient with its percentile bootstrap confidence interval.
  public struct Estimate: Codable, Equatable, Sendable {
    /// The coefficient on all pairs.
    public var value: Double
    /// The interval's ends: the `(1 - level)/2` and `(1 + level)/2` quantiles of the
    /// resampled coefficients (linear interpolation between order statistics, NumPy's
    /// default `quantile`).
    public var lower: Double
    public var upper: Double
    public var level: Double
    /// Resamples drawn, and how many of them were left out because a variable was constant
    /// in them (the coefficient is undefined there).
    public var resamples: Int
    public var degenerateResamples: Int
  }

  /// The coefficient and its percentile bootstrap interval: `resamples` times, n pairs are
  /// drawn with replacement (seeded by `seed`) and the coefficient recomputed.
  /// - Returns: nil when the coefficient itself is undefined (a constant variable) or every
  ///   resample is degenerate.
  public func bootstrap(
    _ x: [Double], _ y: [Double], resamples: Int = 2000, level: Double = 0.95, seed: UInt64 = 0
  ) -> Estimate? {
    precondition(resamples > 0 && level > 0 && level < 1, "bootstrap settings")
    guard let value = coefficient(x, y) else { return nil }
    var generator = SeededGenerator(seed: seed)
    let n = x.count
    var values: [Double] = []
    values.reserveCapacity(resamples)
    var xs = [Double](repeating: 0, count: n)
    var ys = [Double](repeating: 0, count: n)
    for _ in 0..<resamples {
      for i in 0..<n {
        let j = Int(generator.next(below: UInt64(n)))
        xs[i] = x[j]
        ys[i] = y[j]
      }
      if let r = coefficient(xs, ys) { values.append(r) }
    }
    guard !values.isEmpty else { return nil }
    values.sort()
    return Estimate(
      value: value, lower: Self.quantile(values, (1 - level) / 2),
      upper: Self.quantile(values, (1 + level) / 2), level: level, resamples: resamples,
      degenerateResamples: resamples - values.count)
  }

  /// The `q` quantile of sorted `values`: position `q (n - 1)`, linearly interpolated.
  static func quantile(_ values: [Double], _ q: Double) -> Double {
    let position = q * Double(values.count - 1)
    let low = Int(position.rounded(.down))
    let high = min(low + 1, values.count - 1)
    let fraction = position - Double(low)
    return values[low] + fraction * (values[high] - values[low])
  }
}
