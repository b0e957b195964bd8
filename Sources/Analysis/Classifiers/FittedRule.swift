/// What a classifier reads for every network: values computed by models fitted on the
/// training part only.
public enum ClassifierFeature: Sendable {
  /// One number per network, classified by a median threshold (``ThresholdRule/median``).
  case scalar([Double])
  /// d numbers per network (`values[j][i]`: feature j of network i), by ``CellRule``.
  case vector([[Double]])
  /// A category per network, by ``CategoryRule``.
  case category([String])
  /// A predicted loss per network: good when below the fitting networks' median loss.
  case predictedLoss([Double])
}

/// A decision rule fitted on some networks: the threshold, cells or categories of a
/// classifier, as written to `thresholds.json`.
public enum FittedRule: Codable, Equatable, Sendable {
  case threshold(ThresholdRule)
  case cells(CellRule)
  case categories(CategoryRule)

  /// Fits the rule of `feature` on networks `indices` with `labels`; `lossThreshold` is
  /// the loss below which a fitting network is labelled good.
  public static func fit(
    _ feature: ClassifierFeature, on indices: [Int], labels: [Bool], lossThreshold: Double
  ) -> FittedRule {
    switch feature {
    case .scalar(let x): .threshold(.median(indices.map { x[$0] }, labels: labels))
    case .vector(let x):
      .cells(CellRule(features: x.map { f in indices.map { f[$0] } }, labels: labels))
    case .category(let c):
      .categories(CategoryRule(categories: indices.map { c[$0] }, labels: labels))
    case .predictedLoss: .threshold(ThresholdRule(threshold: lossThreshold, direction: -1))
    }
  }

  /// The predictions for networks `indices`.
  public func predict(_ feature: ClassifierFeature, at indices: [Int]) -> [Bool] {
    switch (self, feature) {
    case (.threshold(let rule), .scalar(let x)), (.threshold(let rule), .predictedLoss(let x)):
      rule.predict(indices.map { x[$0] })
    case (.cells(let rule), .vector(let x)): rule.predict(x.map { f in indices.map { f[$0] } })
    case (.categories(let rule), .category(let c)): rule.predict(indices.map { c[$0] })
    default: preconditionFailure("a rule applied to another kind of feature")
    }
  }
}
