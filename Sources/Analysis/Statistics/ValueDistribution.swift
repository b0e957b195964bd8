/// Summary of a sample's distribution: count, mean, sample standard deviation, extremes and
/// quartiles.
///
/// Quartiles interpolate linearly between order statistics: the p-quantile of the sorted
/// values `x_0 <= ... <= x_{n-1}` is `x_k + f (x_{k+1} - x_k)` with `k + f = p (n - 1)`
/// (NumPy's default, R's type 7). `standardDeviation` divides by n - 1 (0 for one value).
/// An empty sample has count 0 and NaN for every other field.
public struct ValueDistribution: Codable, Equatable, Sendable {
  public var count: Int
  public var mean: Double
  /// Sample standard deviation (divisor n - 1).
  public var standardDeviation: Double
  public var min: Double
  /// The 0.25-quantile.
  public var lowerQuartile: Double
  public var median: Double
  /// The 0.75-quantile.
  public var upperQuartile: Double
  public var max: Double

  /// The distribution of `values` (any order).
  public init<C: Collection>(_ values: C) where C.Element == Double {
    let sorted = values.sorted()
    count = sorted.count
    guard let low = sorted.first, let high = sorted.last else {
      (mean, standardDeviation, min, max) = (.nan, .nan, .nan, .nan)
      (lowerQuartile, median, upperQuartile) = (.nan, .nan, .nan)
      return
    }
    let n = Double(sorted.count)
    mean = sorted.reduce(0, +) / n
    let m = mean
    let squares = sorted.reduce(0) { $0 + ($1 - m) * ($1 - m) }
    standardDeviation = sorted.count > 1 ? (squares / (n - 1)).squareRoot() : 0
    min = low
    max = high
    func quantile(_ p: Double) -> Double {
      let position = p * (n - 1)
      let k = Int(position.rounded(.down))
      let f = position - Double(k)
      return k + 1 < sorted.count ? sorted[k] + f * (sorted[k + 1] - sorted[k]) : sorted[k]
    }
    lowerQuartile = quantile(0.25)
    median = quantile(0.5)
    upperQuartile = quantile(0.75)
  }
}
