/// A one-feature classifier: "good" when the feature lies on the chosen side of a threshold,
/// `direction * (x - threshold) > 0` (direction -1: good below, +1: good above).
public struct ThresholdRule: Codable, Equatable, Sendable {
  public var threshold: Double
  public var direction: Double

  public init(threshold: Double, direction: Double) {
    self.threshold = threshold
    self.direction = direction
  }

  public func predict(_ x: [Double]) -> [Bool] { x.map { direction * ($0 - threshold) > 0 } }

  /// The thesis's median classifier: threshold at the median of `x`, direction the one
  /// with more correct labels on these networks (ties: good below).
  public static func median(_ x: [Double], labels: [Bool]) -> ThresholdRule {
    precondition(x.count == labels.count && !x.isEmpty, "one label per value")
    let m = Analysis.median(x)
    let below = ThresholdRule(threshold: m, direction: -1)
    let above = ThresholdRule(threshold: m, direction: 1)
    return correct(above, x, labels) > correct(below, x, labels) ? above : below
  }

  /// The threshold and direction with the best F1 on these networks (Table 3.2's choice):
  /// candidates are the midpoints between consecutive distinct values and one beyond each
  /// end, in both directions; ties go to the first found (lowest threshold, good below).
  public static func bestF1(_ x: [Double], labels: [Bool]) -> ThresholdRule {
    precondition(x.count == labels.count && !x.isEmpty, "one label per value")
    let distinct = Array(Set(x)).sorted()
    var candidates = [distinct[0] - 1]
    for i in 1..<distinct.count { candidates.append((distinct[i - 1] + distinct[i]) / 2) }
    candidates.append(distinct[distinct.count - 1] + 1)
    var best = ThresholdRule(threshold: candidates[0], direction: -1)
    var bestF1 = -1.0
    for direction in [-1.0, 1.0] {
      for c in candidates {
        let rule = ThresholdRule(threshold: c, direction: direction)
        let f1 = BinaryScores(predicted: rule.predict(x), actual: labels).f1
        if f1 > bestF1 {
          best = rule
          bestF1 = f1
        }
      }
    }
    return best
  }

  static func correct(_ rule: ThresholdRule, _ x: [Double], _ labels: [Bool]) -> Int {
    zip(rule.predict(x), labels).filter { $0 == $1 }.count
  }
}
