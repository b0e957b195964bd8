import Foundation
import Report
import Testing

/// The HTML report: self-contained, well-formed, with the sweep's tables and figures.
@Suite struct HTMLReportTests {
  @Test func sweepReportIsSelfContainedWithItsTablesAndFigures() throws {
    let report = try SweepReport.report(
      SweepFiguresTests.trials(), title: "Sweep <test> & co", highlight: ["e7"])
    let html = report.html()
    #expect(html == report.html())
    // Well-formed XML (XHTML syntax), so every element can be inspected.
    let parsed = try #require(ElementCollector.parse(html))
    let names = Set(parsed.elements.map(\.name))
    #expect(names.isDisjoint(with: ["script", "link", "img", "iframe", "object", "embed"]))
    #expect(
      !parsed.elements.contains { $0.attributes["src"] != nil || $0.attributes["href"] != nil })
    #expect(!html.contains("<?xml") && !html.contains("url("))
    let figures = parsed.elements.filter { $0.name == "figure" }.map { $0.attributes["id"]! }
    #expect(figures == ["spectra.svg"] + SweepFigures.statistics.map { "\($0.stem)-vs-loss.svg" })
    #expect(parsed.elements.filter { $0.name == "svg" }.count == figures.count)
    #expect(parsed.texts.joined().contains("Sweep <test> & co"))
    // Per-status counts, the grid, the best trials by loss and the failed one.
    let cells = parsed.texts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter {
      !$0.isEmpty
    }
    func after(_ label: String) -> String? {
      cells.firstIndex(of: label).map { cells[$0 + 1] }
    }
    #expect(after("status completed") == "3" && after("status failed") == "1")
    #expect(after("lr") == "0.1, 0.01")
    let ids = cells.filter { ["a1b2", "a1c3", "ff00", "e7d9"].contains($0) }
    // Best trials by loss (0.5, 1, 2), then the trial without a loss, then the legend.
    #expect(Array(ids.prefix(4)) == ["a1b2", "a1c3", "e7d9", "ff00"])
    #expect(cells.contains("Trials without a final loss"))
  }

  @Test func cellsAndNumbersAreFormatted() {
    #expect(HTMLReport.format(0.123456) == "0.1235" && HTMLReport.format(.nan) == "-")
    #expect(HTMLReport.format(-.infinity) == "-inf" && HTMLReport.format(nil) == "-")
    let page = HTMLReport(
      title: "t", blocks: [.table(title: "x", header: ["a", "b"], rows: [["1.5", "x<y"]])]
    ).html()
    #expect(page.contains("<td class=\"number\">1.5</td><td>x&lt;y</td>"))
  }
}
