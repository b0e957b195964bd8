import Foundation
import Report
import TensorIO
import Testing

/// The analysis figures and report from a hand-written analysis folder.
@Suite struct AnalysisFiguresTests {
  /// Four networks (good, bad, good, bad), thresholds as the analysis writes them (one rule
  /// without a single threshold), three classifiers and three perturbation steps.
  static func writeFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "analysis-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    func write(_ text: String, _ name: String) throws {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    try write("{}", "analysis.json")
    try write(
      """
      id,loss,label,mean_le,max_le,raw_pc1,raw_pc2,aelle_pc1,aelle_pc2,role
      0,0.1,good,-0.5,0.1,1,0,-1,0.5,train
      1,0.9,bad,-0.1,0.4,2,1,0,-0.5,train
      2,0.2,good,-0.4,0.2,3,2,1,1.5,test
      3,0.8,bad,0,0.5,4,3,2,1,validation

      """, "networks.csv")
    try write(
      """
      {"aelle": {"threshold": {"_0": {"direction": -1, "threshold": 0.5}}},
       "mean-le": {"threshold": {"_0": {"direction": -1, "threshold": -0.25}}},
       "cells-d2": {"cells": {"_0": {"labels": [true, false]}}}}
      """, "thresholds.json")
    try write(
      """
      classifier,f1_mean,f1_std,precision_mean
      mean-le,0.5,0.1,0.5
      aelle,0.75,0.05,0.7
      ridge,0.25,0,0.3

      """, "classifiers.csv")
    try NPZ.write(
      [
        "deltas": try NDArray(shape: [3], data: [-1, 0, 1]),
        "spectra": try NDArray(shape: [3, 2], data: [0.1, -0.5, 0.2, -0.4, 0.3, -0.3]),
        "base_spectrum": try NDArray(shape: [2], data: [0.2, -0.4]),
      ], to: folder.appendingPathComponent("perturbations.npz"))
    return folder
  }

  static func parsed(_ name: String, in folder: URL) throws -> ElementCollector {
    let figures = AnalysisFigures(try AnalysisResults(folder: folder)).figures()
    let figure = try #require(figures.first { $0.name == name }?.figure, "\(name)")
    return try #require(ElementCollector.parse(figure.svg()))
  }

  @Test func figuresReadTheFolder() throws {
    let folder = try Self.writeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let results = try AnalysisResults(folder: folder)
    #expect(results.thresholds == ["aelle": 0.5, "mean-le": -0.25])
    #expect(results.classifiers.map(\.name) == ["mean-le", "aelle", "ridge"])
    #expect(
      AnalysisFigures(results).figures().map(\.name) == [
        "aelle-plane.svg", "aelle-plane-by-loss.svg", "mean-le-distribution.svg",
        "max-le-distribution.svg", "le-pca-distribution.svg", "aelle-distribution.svg", "f1.svg",
        "perturbations.svg",
      ])

    // PC1 -1 ... 2 over 388 px: the threshold 0.5 is half-way, at 266.
    let plane = try Self.parsed("aelle-plane.svg", in: folder)
    let line = try #require(
      plane.elements.first { $0.name == "line" && $0.attributes["stroke-dasharray"] != nil })
    #expect(line.attributes["x1"] == "266.00" && line.attributes["x2"] == "266.00")
    let fills = plane.elements.filter { $0.name == "circle" }.prefix(4).map {
      $0.attributes["fill"]!
    }
    let (good, bad) = (Palette.categorical(0), Palette.categorical(1))
    #expect(fills == [good, good, bad, bad])

    // Mean exponents: good -0.5, -0.4 and bad -0.1, 0 with the threshold -0.25.
    let mean = try Self.parsed("mean-le-distribution.svg", in: folder)
    let bars = mean.elements.filter { $0.attributes["class"] == "bar" }
    #expect(bars.count == 4 && Set(bars.map { $0.attributes["fill"]! }) == [good, bad])
    #expect(mean.texts.contains("threshold"))

    // F1 0.5, 0.75, 0.25 on 0 ... 1 (312 px): tops at 192, 114 and 270.
    let f1 = try Self.parsed("f1.svg", in: folder)
    let tops = f1.elements.filter { $0.attributes["class"] == "bar" }.map { $0.attributes["y"]! }
    #expect(tops == ["192.00", "114.00", "270.00"])
    #expect(f1.texts.contains("ridge"))

    let perturbed = try Self.parsed("perturbations.svg", in: folder)
    let strokes = perturbed.elements.filter { $0.name == "polyline" }.map {
      $0.attributes["stroke"]!
    }
    // Deltas -1, 0, 1 at the ends and middle of the colour scale, then the unperturbed one.
    #expect(strokes == ["#440154", "#21918c", "#fde725", "black"])
    #expect(perturbed.texts.contains("delta -1") && perturbed.texts.contains("delta 1"))
  }

  @Test func reportHoldsTablesAndFigures() throws {
    let folder = try Self.writeFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let html = try AnalysisReport.report(folder: folder).html()
    let parsed = try #require(ElementCollector.parse(html))
    #expect(parsed.elements.filter { $0.name == "figure" }.count == 8)
    #expect(html.contains("<th>good (loss below the median)</th><td class=\"number\">2</td>"))
    #expect(html.contains("<tr><td>aelle</td><td class=\"number\">0.75</td>"))
  }
}
