import Foundation
import TensorIO
import Testing

/// `lyap plot` and `lyap report` on a sweep's npz export, and their input errors.
@Suite struct ReportCommandTests {
  /// A sweep export of four trials with final spectra [n, kmax], one failed.
  static func writeSweep(_ path: String) throws {
    func numbers(_ shape: [Int], _ data: [Double]) throws -> NPYArray {
      .numbers(try NDArray(shape: shape, data: data))
    }
    let nan = Double.nan
    try NPZ.write(
      [
        "trial_id": .strings(NDStringArray(["c0ffee01", "beef0002", "c0de0003", "dead0004"])),
        "status": .strings(NDStringArray(["finished", "finished", "finished", "failed"])),
        "loss": try numbers([4], [0.4, 0.2, 0.9, nan]),
        "k": try numbers([4], [3, 3, 2, 0]),
        "spectra": try numbers(
          [4, 3], [0.1, -0.2, -0.5, 0.3, 0, -0.1, -0.2, -0.6, nan, nan, nan, nan]),
        "param_gain": try numbers([4], [1.2, 1.5, 0.8, 2]),
      ], to: URL(fileURLWithPath: path))
  }

  @Test func sweepExportFiguresAndReport() throws {
    let npz = CommandLineTests.temporary("sweep.npz")
    let figures = CommandLineTests.temporary("sweep-figures")
    let html = CommandLineTests.temporary("sweep.html")
    defer {
      for path in [npz, figures, html] { try? FileManager.default.removeItem(atPath: path) }
    }
    try Self.writeSweep(npz)
    let plot = try CommandLineTests.lyap(
      ["plot", npz, "--output", figures, "--highlight", "beef"])
    #expect(plot.status == 0, "\(plot.stderr)")
    let lines = plot.stdout.split(separator: "\n").map { String($0.split(separator: "/").last!) }
    #expect(lines.first == "spectra.svg" && lines.count == 9 && lines.contains("max-vs-loss.svg"))
    let spectra = try #require(PlotCommandTests.Collector.parse(figures + "/spectra.svg"))
    // Two trials in grey, beef0002 highlighted under its id, the failed one left out.
    #expect(
      spectra.names.filter { $0 == "polyline" }.count == 3 && spectra.texts.contains("beef0002"))
    #expect(
      spectra.texts.contains("all trials") && spectra.texts.contains("Final spectra of 3 trials"))

    let report = try CommandLineTests.lyap(
      ["report", npz, "--output", html, "--highlight", "beef"])
    #expect(report.status == 0, "\(report.stderr)")
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.components(separatedBy: "<figure ").count - 1 == 9)
    #expect(page.contains("<th>gain</th><td>1.2, 1.5, 0.8, 2</td>"))
    #expect(page.contains("<th>status finished</th><td class=\"number\">3</td>"))
    #expect(page.contains("<th>status failed</th><td class=\"number\">1</td>"))
    #expect(page.contains("Trials without a final loss") && page.contains("<td>dead0004</td>"))

    let bad = try CommandLineTests.lyap(["plot", npz, "--output", figures, "--highlight", "c0"])
    #expect(bad.status != 0 && bad.stderr.contains("'c0' starts 2 trial ids"))
  }

  @Test func analysisFolderFiguresAndReport() throws {
    let input = try AnalyzeCommandTests.write(try AnalyzeCommandTests.arrays())
    let folder = CommandLineTests.temporary("analysis")
    let figures = CommandLineTests.temporary("analysis-figures")
    let html = CommandLineTests.temporary("analysis.html")
    defer {
      for path in [input, folder, figures, html] {
        try? FileManager.default.removeItem(atPath: path)
      }
    }
    let analyze = try CommandLineTests.lyap([
      "analyze", input, "--splits", "2", "--epochs", "20", "--latent", "4", "--output", folder,
    ])
    #expect(analyze.status == 0, "\(analyze.stderr)")
    let plot = try CommandLineTests.lyap(["plot", folder, "--output", figures])
    #expect(plot.status == 0, "\(plot.stderr)")
    let names = [
      "aelle-plane.svg", "aelle-plane-by-loss.svg", "aelle-plane-by-g.svg",
      "mean-le-distribution.svg",
      "max-le-distribution.svg", "le-pca-distribution.svg", "aelle-distribution.svg", "f1.svg",
      "perturbations.svg",
    ]
    #expect(plot.stdout == names.map { figures + "/" + $0 + "\n" }.joined())
    // The AeLLE classifier's threshold is drawn on its plane and its distribution.
    for name in ["aelle-plane.svg", "aelle-distribution.svg"] {
      let parsed = try #require(PlotCommandTests.Collector.parse(figures + "/" + name))
      #expect(parsed.texts.contains { $0.hasSuffix("threshold") }, "\(name)")
    }
    let report = try CommandLineTests.lyap(["report", folder, "--output", html])
    #expect(report.status == 0, "\(report.stderr)")
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.components(separatedBy: "<figure ").count - 1 == names.count)
    #expect(page.contains("<tr><td>aelle</td>") && page.contains("<tr><td>mean-le</td>"))
  }

  /// Spectra through training (4 epochs, per-epoch losses): the analysis scores the
  /// pre-trained AeLLE at 0, 10, 20 and 50% of training, and plot and report draw it.
  @Test func analysisThroughTrainingDrawsThePretrainedFigure() throws {
    let (n, epochs, k) = (30, 4, 4)
    let a = (0..<n).map { sin(Double($0) * 1.7) }
    var spectra: [Double] = []
    var lossEpochs: [Double] = []
    for i in 0..<n {
      for e in 0...epochs {
        for j in 0..<k { spectra.append(-0.1 * Double(j) + a[i] * 0.3 + 0.02 * Double(e)) }
        lossEpochs.append(a[i] + 1 / Double(e + 1))
      }
    }
    let input = try AnalyzeCommandTests.write([
      "spectra": try NDArray(shape: [n, epochs + 1, k], data: spectra),
      "loss": try NDArray(shape: [n], data: a),
      "loss_epochs": try NDArray(shape: [n, epochs + 1], data: lossEpochs),
    ])
    let folder = CommandLineTests.temporary("analysis-epochs")
    let figures = CommandLineTests.temporary("analysis-epochs-figures")
    let html = CommandLineTests.temporary("analysis-epochs.html")
    defer {
      for path in [input, folder, figures, html] {
        try? FileManager.default.removeItem(atPath: path)
      }
    }
    let analyze = try CommandLineTests.lyap([
      "analyze", input, "--splits", "2", "--epochs", "20", "--latent", "4", "--output", folder,
    ])
    #expect(analyze.status == 0, "\(analyze.stderr)")
    let plot = try CommandLineTests.lyap(["plot", folder, "--output", figures])
    #expect(plot.status == 0, "\(plot.stderr)")
    let path = figures + "/pretrained-by-epoch.svg"
    #expect(plot.stdout.hasSuffix(path + "\n"))
    let parsed = try #require(PlotCommandTests.Collector.parse(path))
    // Recall, precision and F1 panels, each a bar per classifier (aelle, loss, mean-le,
    // max-le) at each of the four fractions.
    #expect(parsed.classes.filter { $0 == "bar" }.count == 3 * 4 * 4)
    for label in ["0% (epoch 0)", "10% (epoch 0)", "20% (epoch 1)", "50% (epoch 2)"] {
      #expect(parsed.texts.contains(label), "\(label)")
    }
    let report = try CommandLineTests.lyap(["report", folder, "--output", html])
    #expect(report.status == 0, "\(report.stderr)")
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.contains("<figure id=\"pretrained-by-epoch.svg\">"))
    #expect(page.contains("Pre-trained AeLLE by epoch") && page.contains("<td>loss</td>"))
  }

  @Test func reportInputsFailClearly() throws {
    let text = CommandLineTests.temporary("notes.txt")
    defer { try? FileManager.default.removeItem(atPath: text) }
    try "x".write(toFile: text, atomically: true, encoding: .utf8)
    let cases: [([String], String)] = [
      (["report", "/nonexistent", "--output", "x.html"], "/nonexistent"),
      (["report", text, "--output", "x.html"], "unknown input"),
      (["plot", text, "--output", "x", "--highlight", "a"], "applies to sweep exports"),
    ]
    for (arguments, message) in cases {
      let run = try CommandLineTests.lyap(arguments)
      #expect(run.status != 0, "\(arguments)")
      #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
    }
  }
}
