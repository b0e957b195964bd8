import Foundation
import Lyapunov

/// The HTML report of a sweep: the values each hyperparameter took, per-status counts, the
/// best trials by final loss, the trials without a final loss, and the ``SweepFigures``.
public enum SweepReport {
  /// At most this many rows in the table of best trials.
  public static let bestRows = 10

  public static func report(
    _ trials: SweepTrials, title: String, highlight: [String] = []
  ) throws -> HTMLReport {
    let figures = try SweepFigures(trials, highlight: highlight)
    var summary: [(key: String, value: String)] = [("trials", "\(trials.count)")]
    summary += trials.statusCounts.map { ("status \($0.status)", "\($0.count)") }
    summary.append(("with a final spectrum", "\(trials.finalSpectra.filter { !$0.isEmpty }.count)"))
    summary.append(("with a final loss", "\(trials.loss.filter { !$0.isNaN }.count)"))
    let grid = trials.parameters.map { parameter -> (key: String, value: String) in
      var seen: [String] = []
      for i in 0..<trials.count where !seen.contains(parameter.column.text(i)) {
        seen.append(parameter.column.text(i))
      }
      return (parameter.name, seen.joined(separator: ", "))
    }
    let ranked = trials.loss.indices.filter { !trials.loss[$0].isNaN }.sorted {
      trials.loss[$0] != trials.loss[$1] ? trials.loss[$0] < trials.loss[$1] : $0 < $1
    }
    let unfinished = trials.loss.indices.filter { trials.loss[$0].isNaN }
    var blocks: [HTMLReport.Block] = [.keyValues(title: "Summary", summary)]
    if !grid.isEmpty { blocks.append(.keyValues(title: "Hyperparameter values", grid)) }
    blocks.append(
      .table(
        title: "Best trials by final loss", header: header(trials),
        rows: ranked.prefix(bestRows).map { row(trials, $0) }))
    if !unfinished.isEmpty {
      blocks.append(
        .table(
          title: "Trials without a final loss", header: header(trials),
          rows: unfinished.map { row(trials, $0) }))
    }
    blocks.append(.figures(title: "Figures", figures.figures()))
    return HTMLReport(title: title, blocks: blocks)
  }

  static func header(_ trials: SweepTrials) -> [String] {
    var names = ["trial"]
    if trials.statuses != nil { names.append("status") }
    names += ["final loss"]
    if trials.bestLoss != nil { names.append("best loss") }
    if trials.accuracy != nil { names.append("accuracy") }
    if trials.epochs != nil { names.append("epochs") }
    names += ["max exponent"] + trials.parameters.map(\.name)
    return names
  }

  static func row(_ trials: SweepTrials, _ i: Int) -> [String] {
    let f = HTMLReport.format
    var cells = [trials.ids[i]]
    if let statuses = trials.statuses { cells.append(statuses[i]) }
    cells.append(f(trials.loss[i]))
    if let best = trials.bestLoss { cells.append(f(best[i])) }
    if let accuracy = trials.accuracy { cells.append(f(accuracy[i])) }
    if let epochs = trials.epochs { cells.append("\(epochs[i])") }
    let spectrum = trials.finalSpectra[i]
    cells.append(spectrum.isEmpty ? "-" : f(SpectrumStatistics(spectrum).max))
    cells += trials.parameters.map { $0.column.text(i) }
    return cells
  }
}
