import Lyapunov

/// How each spectrum statistic of a population relates to the loss: Pearson and Spearman
/// correlation with percentile bootstrap intervals (see ``Correlation``).
public struct SpectrumFeatures: Codable, Equatable, Sendable {
  /// The statistics correlated, by the names used in JSON.
  public static let names = [
    "max", "mean", "median", "std", "sum", "positive-count", "kaplan-yorke", "entropy",
    "infinite-count",
  ]

  /// One statistic's correlations with the loss; nil where the statistic (or the loss) is
  /// constant over the population, so no correlation is defined.
  public struct Row: Codable, Equatable, Sendable {
    public var statistic: String
    public var pearson: Correlation.Estimate?
    public var spearman: Correlation.Estimate?
  }

  public var rows: [Row]

  /// The value of statistic `name` (one of ``names``) for `s`.
  public static func value(_ name: String, of s: SpectrumStatistics) -> Double {
    switch name {
    case "max": s.max
    case "mean": s.mean
    case "median": s.median
    case "std": s.standardDeviation
    case "sum": s.sum
    case "positive-count": Double(s.positiveCount)
    case "kaplan-yorke": s.kaplanYorkeDimension
    case "entropy": s.entropy
    case "infinite-count": Double(s.infiniteCount)
    default: preconditionFailure("unknown statistic \(name)")
    }
  }

  /// The correlations of every statistic of `population` with its losses, each bootstrap
  /// seeded by `seed` (the same resampled networks for every statistic).
  public init(
    _ population: SpectrumPopulation, resamples: Int = 2000, level: Double = 0.95,
    seed: UInt64 = 0
  ) {
    rows = Self.names.map { name in
      let x = population.statistics.map { Self.value(name, of: $0) }
      return Row(
        statistic: name,
        pearson: Correlation.pearson.bootstrap(
          x, population.losses, resamples: resamples, level: level, seed: seed),
        spearman: Correlation.spearman.bootstrap(
          x, population.losses, resamples: resamples, level: level, seed: seed))
    }
  }
}
