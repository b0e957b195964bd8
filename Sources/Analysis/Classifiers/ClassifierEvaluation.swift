import LinearAlgebra

/// Classifiers of good networks scored over random splits (thesis appendix B, Table 3.3).
///
/// A network is good when its loss is below the median loss of the networks the rule is
/// fitted on. Held out: every feature model and every rule (threshold, direction, cells,
/// category majorities) is fitted on the training part, and precision, recall, F1 and
/// accuracy are measured on the test part against labels from the training median.
/// In-sample (the authors' protocol): the same feature models, but the labels (median of
/// the test part) and the rules are fitted on the test part itself and scored there.
public struct ClassifierEvaluation: Sendable {
  /// Classifier names in report order.
  public var names: [String] = []
  /// Per classifier, the scores of each split.
  public var heldOut: [String: [BinaryScores]] = [:]
  public var inSample: [String: [BinaryScores]] = [:]
  /// Per split, the held-out predictions of each classifier (for the test part, in order).
  public var testPredictions: [[String: [Bool]]] = []
  /// The rules fitted on the first split's training part.
  public var firstSplitRules: [String: FittedRule] = [:]

  public init() {}

  /// The features of every classifier for one split: `mean-le`, `max-le` (from
  /// `statistics`), `le-pca` (raw-spectrum PC1), `aelle` (latent PC1), `ridge`,
  /// `cells-d{d}` (first d latent PCs), `raw-cells-d{d}` (first d raw PCs) and
  /// `param-{name}` (a numeric parameter with missing values as categories). Cells need d
  /// principal components; larger d are left out.
  public static func features(
    models: SplitModels, means: [Double], maxima: [Double],
    parameters: [(name: String, values: AnalysisInput.Values)], cells: [Int]
  ) -> [(name: String, feature: ClassifierFeature)] {
    var out: [(name: String, feature: ClassifierFeature)] = [
      ("mean-le", .scalar(means)), ("max-le", .scalar(maxima)),
      ("le-pca", .scalar(models.rawScores.rowValues(0))),
      ("aelle", .scalar(models.latentScores.rowValues(0))),
      ("ridge", .predictedLoss(models.ridgePredictions)),
    ]
    for d in cells where d <= models.latentScores.rows {
      out.append(("cells-d\(d)", .vector((0..<d).map { models.latentScores.rowValues($0) })))
    }
    for d in cells where d <= models.rawScores.rows {
      out.append(("raw-cells-d\(d)", .vector((0..<d).map { models.rawScores.rowValues($0) })))
    }
    for (name, values) in parameters {
      switch values {
      case .numeric(let x) where x.contains(where: \.isNaN):
        // Missing values: the parameter's values become categories, "missing" one of them.
        out.append(("param-" + name, .category(x.map { $0.isNaN ? "missing" : "\($0)" })))
      case .numeric(let x): out.append(("param-" + name, .scalar(x)))
      case .categorical(let c): out.append(("param-" + name, .category(c)))
      }
    }
    return out
  }

  /// Scores every classifier on one split.
  public mutating func add(
    _ features: [(name: String, feature: ClassifierFeature)], losses: [Double],
    split: HeldOutSplit
  ) {
    let trainThreshold = median(split.train.map { losses[$0] })
    let trainLabels = split.train.map { losses[$0] < trainThreshold }
    let testLabels = split.test.map { losses[$0] < trainThreshold }
    let testThreshold = median(split.test.map { losses[$0] })
    let inSampleLabels = split.test.map { losses[$0] < testThreshold }
    var predictions: [String: [Bool]] = [:]
    for (name, feature) in features {
      if heldOut[name] == nil { names.append(name) }
      let rule = FittedRule.fit(
        feature, on: split.train, labels: trainLabels, lossThreshold: trainThreshold)
      let predicted = rule.predict(feature, at: split.test)
      predictions[name] = predicted
      heldOut[name, default: []].append(BinaryScores(predicted: predicted, actual: testLabels))
      if testPredictions.isEmpty { firstSplitRules[name] = rule }
      let own = FittedRule.fit(
        feature, on: split.test, labels: inSampleLabels, lossThreshold: testThreshold)
      inSample[name, default: []].append(
        BinaryScores(predicted: own.predict(feature, at: split.test), actual: inSampleLabels))
    }
    testPredictions.append(predictions)
  }

  /// Every classifier's summary over the splits it was scored on.
  public var summaries: [String: ClassifierSummary] {
    var out: [String: ClassifierSummary] = [:]
    for name in names {
      out[name] = ClassifierSummary(heldOut: heldOut[name]!, inSample: inSample[name]!)
    }
    return out
  }

  /// Paired held-out F1 differences `F1(reference) - F1(other)` over the splits, for
  /// every other classifier (keyed `reference-vs-other`).
  public func pairedF1Differences(reference: String = "aelle") -> [String: SplitStatistic] {
    guard let base = heldOut[reference] else { return [:] }
    var out: [String: SplitStatistic] = [:]
    for name in names where name != reference {
      guard let other = heldOut[name], other.count == base.count else { continue }
      out["\(reference)-vs-\(name)"] = SplitStatistic(zip(base, other).map { $0.f1 - $1.f1 })
    }
    return out
  }
}

extension Matrix where Scalar == Double {
  /// Row `i` as an array.
  func rowValues(_ i: Int) -> [Double] { (0..<columns).map { self[i, $0] } }
}
