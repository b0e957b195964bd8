import Foundation

/// The HTML report of an analysis output folder: the networks' good/bad counts, the
/// held-out F1 of every classifier, the fitted thresholds and the ``AnalysisFigures``.
public enum AnalysisReport {
  public static func report(folder url: URL) throws -> HTMLReport {
    let results = try AnalysisResults(folder: url)
    let f = HTMLReport.format
    let good = results.labels.filter { $0 == "good" }.count
    let summary: [(key: String, value: String)] = [
      ("networks", "\(results.labels.count)"), ("good (loss below the median)", "\(good)"),
      ("bad", "\(results.labels.count - good)"),
    ]
    return HTMLReport(
      title: "Analysis \(url.lastPathComponent)",
      blocks: [
        .keyValues(title: "Summary", summary),
        .table(
          title: "Classifiers (held-out F1 over splits)", header: ["classifier", "F1", "F1 std"],
          rows: results.classifiers.map { [$0.name, f($0.f1), f($0.f1Std)] }),
        .keyValues(
          title: "Thresholds (first split's training part)",
          results.thresholds.keys.sorted().map { ($0, f(results.thresholds[$0])) }),
        .figures(title: "Figures", AnalysisFigures(results).figures()),
      ])
  }
}
