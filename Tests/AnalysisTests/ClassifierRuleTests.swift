import Testing

@testable import Analysis

/// Scores and decision rules on hand-counted cases.
@Suite struct ClassifierRuleTests {
  @Test func scoresFromCounts() {
    // TP 2, FP 1, FN 1, TN 2.
    let s = BinaryScores(
      predicted: [true, true, true, false, false, false],
      actual: [true, true, false, true, false, false])
    #expect(abs(s.precision - 2.0 / 3) < 1e-15 && abs(s.recall - 2.0 / 3) < 1e-15)
    #expect(abs(s.f1 - 2.0 / 3) < 1e-15 && abs(s.accuracy - 4.0 / 6) < 1e-15)
    let none = BinaryScores(predicted: [false, false], actual: [true, false])
    #expect(none.precision == 0 && none.recall == 0 && none.f1 == 0 && none.accuracy == 0.5)
    #expect(median([3, 1, 2]) == 2 && median([4, 1, 3, 2]) == 2.5)
  }

  @Test func medianRuleChoosesTheDirection() {
    let x = [1.0, 2, 3, 4, 5, 6]
    let rule = ThresholdRule.median(x, labels: [false, false, false, true, true, true])
    #expect(rule.threshold == 3.5 && rule.direction == 1)
    #expect(rule.predict([0, 3.4, 3.6, 10]) == [false, false, true, true])
    let below = ThresholdRule.median(x, labels: [true, true, true, false, false, false])
    #expect(below.direction == -1 && below.predict([3, 4]) == [true, false])
  }

  /// Separable at 2.5 with the good ones above: F1 1; an unbalanced case where the best F1
  /// is to call everything good.
  @Test func bestF1Threshold() {
    let rule = ThresholdRule.bestF1([5, 1, 2, 3, 4], labels: [true, false, false, true, true])
    #expect(rule.direction == 1 && rule.threshold == 2.5)
    let all = ThresholdRule.bestF1([1, 2, 3], labels: [true, false, true])
    #expect(all.predict([1, 2, 3]) == [true, true, true])
  }

  /// XOR of two signs: no single threshold separates it, the four cells do.
  @Test func cellsSeparateXor() {
    let a = [-2.0, -1, 1, 2, -2, -1, 1, 2]
    let b = [-1.0, -2, 1, 2, 1, 2, -1, -2]
    let labels = zip(a, b).map { ($0 > 0) != ($1 > 0) }
    let rule = CellRule(features: [a, b], labels: labels)
    #expect(rule.thresholds == [0, 0])
    #expect(rule.goodCells == [false, true, true, false])
    #expect(rule.predict([a, b]) == labels)
    #expect(rule.predict([[-5, 5], [5, 5]]) == [true, false])
  }

  @Test func categoriesTakeTheirMajority() {
    let rule = CategoryRule(
      categories: ["lstm", "lstm", "gru", "gru", "gru", "rnn", "rnn"],
      labels: [true, true, false, false, true, true, false])
    #expect(rule.predict(["lstm", "gru", "rnn", "unseen"]) == [true, false, true, true])
  }
}
