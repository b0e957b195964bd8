/// Precision, recall, F1 and accuracy of binary predictions, "good" being the positive class.
///
/// `precision = TP / (TP + FP)`, `recall = TP / (TP + FN)`,
/// `F1 = 2 TP / (2 TP + FP + FN)`, `accuracy = (TP + TN) / n`. A ratio whose denominator is
/// 0 (no predicted or no actual positives) is 0, scikit-learn's `zero_division=0`.
public struct BinaryScores: Codable, Equatable, Sendable {
  public var precision: Double
  public var recall: Double
  public var f1: Double
  public var accuracy: Double

  public init(predicted: [Bool], actual: [Bool]) {
    precondition(predicted.count == actual.count && !actual.isEmpty, "scores need pairs")
    var tp = 0.0
    var fp = 0.0
    var fn = 0.0
    var tn = 0.0
    for (p, a) in zip(predicted, actual) {
      switch (p, a) {
      case (true, true): tp += 1
      case (true, false): fp += 1
      case (false, true): fn += 1
      case (false, false): tn += 1
      }
    }
    func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
    precision = ratio(tp, tp + fp)
    recall = ratio(tp, tp + fn)
    f1 = ratio(2 * tp, 2 * tp + fp + fn)
    accuracy = (tp + tn) / Double(actual.count)
  }

  /// The four scores by their JSON names.
  public static let names = ["f1", "precision", "recall", "accuracy"]

  public func value(_ name: String) -> Double {
    switch name {
    case "f1": f1
    case "precision": precision
    case "recall": recall
    default: accuracy
    }
  }
}

/// The median of `values` (the mean of the middle two for an even count, NumPy's rule).
public func median(_ values: [Double]) -> Double {
  precondition(!values.isEmpty, "the median of no values")
  let sorted = values.sorted()
  let mid = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
