import Foundation
import Testing

@testable import Report

/// `pretrained-by-epoch.svg` and the pre-trained table of the analysis report, from a
/// hand-written `pretrained.csv` added to the analysis folder of ``AnalysisFiguresTests``.
@Suite struct PretrainedFigureTests {
  static let fractions = [0, 0.1, 0.2, 0.5]
  static let meanEpochs = [0, 0, 1, 2.5]
  /// Held-out F1 per classifier and fraction (multiples of 1/16: exact pixels); recall is
  /// F1 + 1/16 and precision F1 - 1/8; every std is 1/16 except the loss's, 0.
  static let f1: [(name: String, values: [Double])] = [
    ("aelle", [0.5, 0.5625, 0.75, 0.875]), ("loss", [0.25, 0.25, 0.625, 0.9375]),
    ("max-le", [0.8125, 0.8125, 0.8125, 0.75]), ("mean-le", [0.625, 0.625, 0.6875, 0.6875]),
  ]

  /// The analysis folder with `pretrained.csv` holding the classifiers of `f1` not in
  /// `without`, rows ordered by fraction then classifier name, as the analysis writes them.
  static func writeFolder(without: Set<String> = []) throws -> URL {
    let folder = try AnalysisFiguresTests.writeFolder()
    var lines = [
      "fraction,mean_epoch,classifier,recall_mean,recall_std,precision_mean,precision_std,"
        + "f1_mean,f1_std"
    ]
    for (i, fraction) in fractions.enumerated() {
      for (name, values) in f1 where !without.contains(name) {
        let std = name == "loss" ? 0 : 0.0625
        let v = values[i]
        let cells =
          [fraction, meanEpochs[i]].map { "\($0)" } + [name]
          + [v + 0.0625, std, v - 0.125, std, v, std].map { "\($0)" }
        lines.append(cells.joined(separator: ","))
      }
    }
    try (lines.joined(separator: "\n") + "\n").write(
      to: folder.appendingPathComponent("pretrained.csv"), atomically: true, encoding: .utf8)
    return folder
  }

  /// The elements of each panel: those between one `g` start and the next (panels after the
  /// first are groups, one after another).
  static func panels(_ parsed: ElementCollector) -> [[(name: String, attributes: [String: String])]]
  {
    var out: [[(name: String, attributes: [String: String])]] = [[]]
    for element in parsed.elements {
      if element.name == "g" { out.append([]) } else { out[out.count - 1].append(element) }
    }
    return out
  }

  @Test func onePanelPerScoreWithABarPerClassifierAndEpoch() throws {
    let folder = try Self.writeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let parsed = try AnalysisFiguresTests.parsed("pretrained-by-epoch.svg", in: folder)
    let panels = Self.panels(parsed)
    #expect(panels.count == 3)
    // Three panels of 280 px: the second and third translated by 280 and 560.
    let groups = parsed.elements.filter { $0.name == "g" }.map { $0.attributes["transform"] }
    #expect(groups == ["translate(0 280.00)", "translate(0 560.00)"])
    #expect(parsed.elements.first?.attributes["height"] == "840.00")

    // Display order aelle, loss, mean-le, max-le; bars classifier by classifier.
    let order = ["aelle", "loss", "mean-le", "max-le"]
    let values = order.map { name in Self.f1.first { $0.name == name }!.values }
    // Plot area x 72 ... 460 over categories -0.5 ... 3.5 (97 px each); y 228 ... 36 over
    // 0 ... 1 (192 px). Four bars of 0.2 category in 0.8: offsets -0.3, -0.1, 0.1, 0.3.
    for (p, shift) in [(0, 0.0625), (1, -0.125), (2, 0.0)] {
      let bars = panels[p].filter { $0.attributes["class"] == "bar" }
      #expect(bars.count == 16, "panel \(p)")
      guard bars.count == 16 else { continue }
      for (c, offset) in [-0.3, -0.1, 0.1, 0.3].enumerated() {
        for i in 0..<4 {
          let bar = bars[c * 4 + i].attributes
          let value = values[c][i] + shift
          #expect(bar["y"] == String(format: "%.2f", 228 - 192 * value), "\(order[c]) \(i)")
          #expect(bar["x"] == String(format: "%.2f", 72 + 97 * (Double(i) + 0.5 + offset - 0.1)))
          #expect(bar["width"] == String(format: "%.2f", 97 * 0.2))
        }
      }
      // One colour per classifier, the same in every panel.
      #expect(bars.map { $0.attributes["fill"]! } == (0..<16).map { Palette.categorical($0 / 4) })
      // Error bars (three lines each) on every bar but the loss's (std 0).
      let black = panels[p].filter { $0.name == "line" && $0.attributes["stroke"] == "black" }
      let ticks = 6 + 4  // the y ticks 0, 0.2, ..., 1 and the four categories
      #expect(black.count == ticks + 3 * 12, "panel \(p)")
    }
    // A higher F1 is drawn higher: the F1 panel's bars sorted by value have rising tops.
    let f1Bars = panels[2].filter { $0.attributes["class"] == "bar" }
    let tops = f1Bars.map { Double($0.attributes["y"]!)! }
    let flat = values.flatMap { $0 }
    let byValue = flat.indices.sorted { flat[$0] < flat[$1] }
    for (a, b) in zip(byValue, byValue.dropFirst()) where flat[a] < flat[b] {
      #expect(tops[a] > tops[b])
    }

    // The categories name the fraction and mean epoch; the legend is in the top panel.
    for label in ["0% (epoch 0)", "10% (epoch 0)", "20% (epoch 1)", "50% (epoch 2.5)"] {
      #expect(parsed.texts.filter { $0 == label }.count == 3, "\(label)")
    }
    #expect(parsed.texts.filter { $0 == "loss at that epoch" }.count == 1)
    #expect(parsed.texts.contains("F1") && parsed.texts.contains("precision"))
  }

  @Test func reportHoldsThePerEpochTableAndFigure() throws {
    let folder = try Self.writeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let html = try AnalysisReport.report(folder: folder).html()
    #expect(html.contains("<figure id=\"pretrained-by-epoch.svg\">"))
    // aelle at 50%: recall 0.9375, precision 0.75, F1 0.875, each std 0.0625.
    let n = { (x: String) in "<td class=\"number\">\(x)</td>" }
    #expect(
      html.contains(
        "<tr><td>50%</td>\(n("2.5"))<td>aelle</td>\(n("0.9375"))\(n("0.0625"))\(n("0.75"))"
          + "\(n("0.0625"))\(n("0.875"))\(n("0.0625"))</tr>"))
    #expect(html.contains("<tr><td>0%</td>\(n("0"))<td>loss</td>\(n("0.3125"))\(n("0"))"))
    #expect(!html.contains("No loss-at-epoch baseline"))
    #expect(html.components(separatedBy: "<tr><td>").count - 1 >= 16)
  }

  @Test func withoutTheLossBaselineItsBarsAndLegendAreAbsent() throws {
    let folder = try Self.writeFolder(without: ["loss"])
    defer { try? FileManager.default.removeItem(at: folder) }
    let parsed = try AnalysisFiguresTests.parsed("pretrained-by-epoch.svg", in: folder)
    #expect(parsed.elements.filter { $0.attributes["class"] == "bar" }.count == 3 * 3 * 4)
    #expect(!parsed.texts.contains("loss at that epoch"))
    let html = try AnalysisReport.report(folder: folder).html()
    #expect(html.contains("No loss-at-epoch baseline"))
  }

  @Test func noPretrainedTableNoFigure() throws {
    let folder = try AnalysisFiguresTests.writeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let results = try AnalysisResults(folder: folder)
    #expect(results.pretrained == nil)
    #expect(!AnalysisFigures(results).figures().map(\.name).contains("pretrained-by-epoch.svg"))
    #expect(!(try AnalysisReport.report(folder: folder).html()).contains("Pre-trained"))
  }

  @Test func aMissingColumnIsNamed() throws {
    let folder = try AnalysisFiguresTests.writeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try "fraction,mean_epoch,classifier,f1_mean\n0,0,aelle,0.5\n".write(
      to: folder.appendingPathComponent("pretrained.csv"), atomically: true, encoding: .utf8)
    #expect {
      try AnalysisResults(folder: folder)
    } throws: { error in
      let text = "\(error)"
      return text.contains("pretrained.csv") && text.contains("recall_mean")
        && text.contains("f1_std")
    }
  }
}
