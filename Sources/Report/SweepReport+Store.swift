import Experiments
import Foundation

extension SweepReport {
  /// The report of a sweep read from its result store: the export's arrays as
  /// ``report(_:title:highlight:)`` shows them, then the slowest finished trials and the
  /// failed ones with their reasons (times the export does not carry).
  public static func report(store: ResultStore, highlight: [String] = []) throws -> HTMLReport {
    let trials = try SweepTrials(
      arrays: StoreExport.arrays(store), source: store.url.lastPathComponent)
    var report = try report(
      trials, title: "Sweep \(store.sweep.info.name)", highlight: highlight)
    let status = try store.status(slowest: bestRows)
    func row(_ t: TrialRecord) -> [String] {
      [
        "\(t.index)", String(t.id.prefix(12)), String(format: "%.1f", t.seconds ?? 0),
        t.finalValidationLoss.map { String(format: "%.4f", $0) } ?? "-",
      ]
    }
    var blocks: [HTMLReport.Block] = [
      .table(
        title: "Slowest finished trials", header: ["index", "trial", "seconds", "final loss"],
        rows: status.slowest.map(row))
    ]
    if !status.failed.isEmpty {
      blocks.append(
        .table(
          title: "Failed trials", header: ["index", "trial", "reason"],
          rows: status.failed.map {
            ["\($0.index)", String($0.id.prefix(12)), $0.failureReason ?? ""]
          }))
    }
    let at = report.blocks.firstIndex {
      if case .figures = $0 { return true } else { return false }
    }
    report.blocks.insert(contentsOf: blocks, at: at ?? report.blocks.count)
    return report
  }
}
