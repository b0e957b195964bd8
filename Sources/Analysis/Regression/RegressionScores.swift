/// Held-out scores of a regression: mean absolute error and the coefficient of
/// determination `R^2 = 1 - sum (y - p)^2 / sum (y - mean y)^2` (scikit-learn's `r2_score`,
/// the mean taken over the scored values themselves, so the training-mean predictor scores
/// at most 0). R^2 is nil when the scored targets are constant.
public struct RegressionScores: Codable, Equatable, Sendable {
  public var meanAbsoluteError: Double
  public var r2: Double?

  public init(predictions: [Double], targets: [Double]) {
    precondition(predictions.count == targets.count && !targets.isEmpty, "scores need pairs")
    let n = Double(targets.count)
    meanAbsoluteError = zip(predictions, targets).reduce(0) { $0 + abs($1.0 - $1.1) } / n
    let mean = targets.reduce(0, +) / n
    let total = targets.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let residual = zip(predictions, targets).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    r2 = total > 0 ? 1 - residual / total : nil
  }
}
