import Foundation

/// The HTML report of an analysis output folder: the networks' good/bad counts, the
/// held-out F1 of every classifier, the fitted thresholds, the pre-trained AeLLE's scores at
/// each fraction of training (when the folder has them) and the ``AnalysisFigures``.
public enum AnalysisReport {
  public static func report(folder url: URL) throws -> HTMLReport {
    let results = try AnalysisResults(folder: url)
    let f = HTMLReport.format
    let good = results.labels.filter { $0 == "good" }.count
    let summary: [(key: String, value: String)] = [
      ("networks", "\(results.labels.count)"), ("good (loss below the median)", "\(good)"),
      ("bad", "\(results.labels.count - good)"),
    ]
    var blocks: [HTMLReport.Block] = [
      .keyValues(title: "Summary", summary),
      .table(
        title: "Classifiers (held-out F1 over splits)", header: ["classifier", "F1", "F1 std"],
        rows: results.classifiers.map { [$0.name, f($0.f1), f($0.f1Std)] }),
      .keyValues(
        title: "Thresholds (first split's training part)",
        results.thresholds.keys.sorted().map { ($0, f(results.thresholds[$0])) }),
    ]
    if let pretrained = results.pretrained { blocks += pretrainedBlocks(pretrained) }
    blocks.append(.figures(title: "Figures", AnalysisFigures(results).figures()))
    return HTMLReport(title: "Analysis \(url.lastPathComponent)", blocks: blocks)
  }

  /// The pre-trained AeLLE table: one row per fraction and classifier with each score's mean
  /// and std over splits; a note when the loss-at-epoch baseline is absent.
  static func pretrainedBlocks(_ scores: PretrainedScores) -> [HTMLReport.Block] {
    let f = HTMLReport.format
    let header =
      ["fraction of training", "mean epoch", "classifier"]
      + PretrainedScores.Score.allCases.flatMap { [$0.rawValue, $0.rawValue + " std"] }
    var rows: [[String]] = []
    for (fraction, meanEpoch) in scores.fractions {
      for name in scores.classifiers {
        guard let row = scores.row(name, at: fraction) else { continue }
        rows.append(
          [PretrainedScores.percent(fraction), f(meanEpoch), name]
            + PretrainedScores.Score.allCases.flatMap { [f($0.mean(row)), f($0.std(row))] })
      }
    }
    var blocks: [HTMLReport.Block] = [
      .table(
        title: "Pre-trained AeLLE by epoch (final outcome, held out, mean and std over splits)",
        header: header, rows: rows)
    ]
    if !scores.classifiers.contains("loss") {
      blocks.append(
        .text(
          "No loss-at-epoch baseline: the analysed population has no per-epoch losses "
            + "(loss_epochs) for every network."))
    }
    return blocks
  }
}
