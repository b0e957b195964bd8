/// A score over random splits: its mean, sample standard deviation (`n - 1`; 0 for one
/// split) and the value of each split.
public struct SplitStatistic: Codable, Equatable, Sendable {
  public var mean: Double
  public var std: Double
  public var perSplit: [Double]

  public init(_ values: [Double]) {
    precondition(!values.isEmpty, "a statistic of no splits")
    perSplit = values
    let n = Double(values.count)
    mean = values.reduce(0, +) / n
    let squares = values.reduce(0) { [mean] in $0 + ($1 - mean) * ($1 - mean) }
    std = values.count > 1 ? (squares / (n - 1)).squareRoot() : 0
  }
}

/// Precision, recall, F1 and accuracy over splits.
public struct ScoreSummary: Codable, Equatable, Sendable {
  public var f1: SplitStatistic
  public var precision: SplitStatistic
  public var recall: SplitStatistic
  public var accuracy: SplitStatistic

  public init(_ scores: [BinaryScores]) {
    f1 = SplitStatistic(scores.map(\.f1))
    precision = SplitStatistic(scores.map(\.precision))
    recall = SplitStatistic(scores.map(\.recall))
    accuracy = SplitStatistic(scores.map(\.accuracy))
  }
}

/// A classifier's held-out scores, with the same scores under the in-sample protocol.
public struct ClassifierSummary: Codable, Equatable, Sendable {
  public var f1: SplitStatistic
  public var precision: SplitStatistic
  public var recall: SplitStatistic
  public var accuracy: SplitStatistic
  public var inSample: ScoreSummary

  public init(heldOut: [BinaryScores], inSample: [BinaryScores]) {
    let held = ScoreSummary(heldOut)
    f1 = held.f1
    precision = held.precision
    recall = held.recall
    accuracy = held.accuracy
    self.inSample = ScoreSummary(inSample)
  }
}
