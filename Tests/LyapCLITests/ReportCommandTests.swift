import Foundation
import TensorIO
import Testing

/// `lyap plot` and `lyap report` on a sweep's npz export, and their input errors.
@Suite struct ReportCommandTests {
  /// A numeric sweep export of three trials with final spectra [n, kmax].
  static func writeSweep(_ path: String) throws {
    try NPZ.write(
      [
        "loss": try NDArray(shape: [3], data: [0.4, 0.2, 0.9]),
        "k": try NDArray(shape: [3], data: [3, 3, 2]),
        "spectra": try NDArray(
          shape: [3, 3], data: [0.1, -0.2, -0.5, 0.3, 0, -0.1, -0.2, -0.6, .nan]),
        "param_gain": try NDArray(shape: [3], data: [1.2, 1.5, 0.8]),
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
    let plot = try CommandLineTests.lyap(["plot", npz, "--output", figures, "--highlight", "1"])
    #expect(plot.status == 0, "\(plot.stderr)")
    let lines = plot.stdout.split(separator: "\n").map { String($0.split(separator: "/").last!) }
    #expect(lines.first == "spectra.svg" && lines.count == 9 && lines.contains("max-vs-loss.svg"))
    let spectra = try #require(PlotCommandTests.Collector.parse(figures + "/spectra.svg"))
    // Trials 0 and 2 in grey, trial 1 highlighted under its id.
    #expect(spectra.names.filter { $0 == "polyline" }.count == 3)
    #expect(
      spectra.texts.contains("all trials") && spectra.texts.contains("Final spectra of 3 trials"))

    let report = try CommandLineTests.lyap(["report", npz, "--output", html, "--highlight", "1"])
    #expect(report.status == 0, "\(report.stderr)")
    let page = try String(contentsOfFile: html, encoding: .utf8)
    #expect(page.components(separatedBy: "<figure ").count - 1 == 9)
    #expect(page.contains("<th>gain</th><td>1.2, 1.5, 0.8</td>"))

    let bad = try CommandLineTests.lyap(["plot", npz, "--output", figures, "--highlight", "7"])
    #expect(bad.status != 0 && bad.stderr.contains("no trial id starts with '7'"))
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
