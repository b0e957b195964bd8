import Foundation

extension PopulationAnalysis.Report {
  /// The classifier table as CSV: one row per classifier, held-out mean and std of each
  /// score, then the in-sample ones.
  public var classifierCSV: String {
    var lines = [
      "classifier,f1_mean,f1_std,precision_mean,precision_std,recall_mean,recall_std,"
        + "accuracy_mean,accuracy_std,insample_f1_mean,insample_f1_std,insample_precision_mean,"
        + "insample_precision_std,insample_recall_mean,insample_recall_std,"
        + "insample_accuracy_mean,insample_accuracy_std"
    ]
    for name in classifierNames {
      guard let c = classifiers[name] else { continue }
      let i = c.inSample
      let values = [
        c.f1, c.precision, c.recall, c.accuracy, i.f1, i.precision, i.recall, i.accuracy,
      ].flatMap { [$0.mean, $0.std] }
      lines.append(([name] + values.map { "\($0)" }).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The correlations as CSV: statistic, Pearson and Spearman with their intervals.
  public var correlationCSV: String {
    var lines = [
      "statistic,pearson,pearson_lower,pearson_upper,spearman,spearman_lower,spearman_upper"
    ]
    for row in correlations.rows {
      let cells = [row.pearson, row.spearman].flatMap { e in
        e.map { ["\($0.value)", "\($0.lower)", "\($0.upper)"] } ?? ["", "", ""]
      }
      lines.append(([row.statistic] + cells).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The pre-trained AeLLE table as CSV (empty without epochs).
  public var pretrainedCSV: String {
    guard let pretrained else { return "" }
    var lines = [
      "fraction,mean_epoch,classifier,recall_mean,recall_std,precision_mean,precision_std,f1_mean,f1_std"
    ]
    for row in pretrained.epochs {
      for name in row.classifiers.keys.sorted() {
        let s = row.classifiers[name]!
        let values = [s.recall, s.precision, s.f1].flatMap { [$0.mean, $0.std] }
        lines.append(
          (["\(row.fraction)", "\(row.meanEpoch)", name] + values.map { "\($0)" })
            .joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A table for people: held-out scores (mean ± std over splits), the in-sample F1 beside
  /// them when `inSample`, the correlations and PredNet.
  public func table(inSample: Bool) -> String {
    func f(_ s: SplitStatistic) -> String { String(format: "%.3f ± %.3f", s.mean, s.std) }
    let splits = splitIndices.count
    var lines = [
      "# \(networks) networks (\(dropped.total) dropped: \(dropped.nonFiniteLoss) non-finite loss, "
        + "\(dropped.noFiniteSpectrum) no finite spectrum); \(splits) splits, "
        + "test fraction \(configuration.testFraction); good = loss below the training median",
      "classifier\tF1 held out\tprecision\trecall\taccuracy" + (inSample ? "\tF1 in-sample" : ""),
    ]
    for name in classifierNames {
      guard let c = classifiers[name] else { continue }
      lines.append(
        [name, f(c.f1), f(c.precision), f(c.recall), f(c.accuracy)].joined(separator: "\t")
          + (inSample ? "\t" + f(c.inSample.f1) : ""))
    }
    lines.append("# paired held-out F1 differences (mean ± std over splits)")
    for key in pairedF1Differences.keys.sorted() {
      lines.append("\(key)\t\(f(pairedF1Differences[key]!))")
    }
    lines.append("# correlation with the loss: Pearson r [95% CI]\tSpearman rho [95% CI]")
    for row in correlations.rows {
      func e(_ x: Correlation.Estimate?) -> String {
        x.map { String(format: "%+.3f [%+.3f, %+.3f]", $0.value, $0.lower, $0.upper) }
          ?? "undefined"
      }
      lines.append("\(row.statistic)\t\(e(row.pearson))\t\(e(row.spearman))")
    }
    func r2(_ s: RegressionScores) -> String {
      String(
        format: "MAE %.4g, R^2 %@", s.meanAbsoluteError,
        s.r2.map { String(format: "%.3f", $0) } ?? "undefined")
    }
    lines.append(
      "# PredNet held out: \(r2(prednet.prednet)); mean predictor: \(r2(prednet.meanPredictor)); "
        + "ridge: \(r2(prednet.ridge))")
    if let pretrained {
      lines.append("# pre-trained AeLLE: final outcome from the spectrum at a fraction of training")
      lines.append("fraction\tmean epoch\tclassifier\trecall\tprecision\tF1")
      for row in pretrained.epochs {
        for name in row.classifiers.keys.sorted() {
          let s = row.classifiers[name]!
          lines.append(
            "\(row.fraction)\t\(String(format: "%.1f", row.meanEpoch))\t\(name)\t\(f(s.recall))\t"
              + "\(f(s.precision))\t\(f(s.f1))")
        }
      }
      if !pretrained.lossBaseline {
        lines.append("# no loss-at-epoch baseline: the input has no loss_epochs for every network")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Sorted, indented JSON with non-finite numbers as strings.
  public func json() throws -> Data { try Self.encoder.encode(self) }

  /// The encoder of the analysis's JSON files.
  static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }
}
