import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `lyap plot` on real outputs of `lyap spectrum` and `lyap train`.
@Suite struct PlotCommandTests {
  /// Element names and `class` attributes, and the text, of a well-formed XML file; nil when
  /// it does not parse.
  final class Collector: NSObject, XMLParserDelegate {
    var classes: [String] = []
    var names: [String] = []
    var texts: [String] = []

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      names.append(name)
      if let c = attributes["class"] { classes.append(c) }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }

    static func parse(_ path: String) -> Collector? {
      guard let data = FileManager.default.contents(atPath: path) else { return nil }
      let parser = XMLParser(data: data)
      let collector = Collector()
      parser.delegate = collector
      return parser.parse() ? collector : nil
    }
  }

  @Test func spectrumAndFiniteTimeFigures() throws {
    let json = CommandLineTests.temporary("henon.json")
    let ftle = CommandLineTests.temporary("ftle.npy")
    let figure = CommandLineTests.temporary("henon")
    defer {
      for path in [json, ftle, figure + ".svg", figure + "-ftle.svg"] {
        try? FileManager.default.removeItem(atPath: path)
      }
    }
    let spectrum = try CommandLineTests.lyap([
      "spectrum", "--system", "henon", "--steps", "500", "--warmup", "50", "--batch", "3",
      "--format", "json", "--output", json, "--save-ftle", ftle,
    ])
    #expect(spectrum.status == 0, "\(spectrum.stderr)")
    let plot = try CommandLineTests.lyap(["plot", json, "--output", figure])
    #expect(plot.status == 0, "\(plot.stderr)")
    #expect(plot.stdout == figure + ".svg\n")
    let parsed = try #require(Collector.parse(figure + ".svg"))
    // Two exponents with markers, the batch std as a band, no -infinity.
    #expect(parsed.classes.filter { $0 == "point" }.count == 2)
    #expect(parsed.classes.contains("band") && !parsed.classes.contains("infinite"))
    #expect(parsed.texts.contains("exponent (nats per step)"))

    let traces = try CommandLineTests.lyap(["plot", ftle, "--output", figure + "-ftle.svg"])
    #expect(traces.status == 0, "\(traces.stderr)")
    let lines = try #require(Collector.parse(figure + "-ftle.svg"))
    #expect(lines.names.filter { $0 == "polyline" }.count == 2)
    #expect(lines.texts.contains("exponent 1") && lines.texts.contains("exponent 2"))
  }

  @Test func nullExponentsAreDrawnOnTheFloor() throws {
    let json = CommandLineTests.temporary("null.json")
    let figure = CommandLineTests.temporary("null")
    defer {
      try? FileManager.default.removeItem(atPath: json)
      try? FileManager.default.removeItem(atPath: figure + ".svg")
    }
    try #"{"exponents": [0.1, -0.2, null], "std": [0.01, 0.02, null], "units": "nats per step"}"#
      .write(toFile: json, atomically: true, encoding: .utf8)
    let plot = try CommandLineTests.lyap(["plot", json, "--output", figure])
    #expect(plot.status == 0, "\(plot.stderr)")
    let parsed = try #require(Collector.parse(figure + ".svg"))
    #expect(parsed.classes.filter { $0 == "infinite" }.count == 2)  // plot and legend
    #expect(parsed.texts.contains("-inf (at axis floor): 1"))
  }

  @Test func runFolderFigures() throws {
    let run = CommandLineTests.temporary("plot-run")
    let figures = CommandLineTests.temporary("plot-figures")
    defer {
      try? FileManager.default.removeItem(atPath: run)
      try? FileManager.default.removeItem(atPath: figures)
    }
    let train = try CommandLineTests.lyap(
      ["train"] + StudyCommandTests.data.dropLast(2) + [
        "--train-count", "16", "--validation-count", "8", "--arch", "rnn", "--hidden-size", "6",
        "--batch-size", "8", "--epochs", "2", "--spectrum-batch", "2", "--run-dir", run,
      ])
    #expect(train.status == 0, "\(train.stderr)")
    let plot = try CommandLineTests.lyap(["plot", run, "--output", figures, "--epochs", "0,2"])
    #expect(plot.status == 0, "\(plot.stderr)")
    let names = [
      "spectra.svg", "spectrum-change.svg", "loss.svg", "accuracy.svg", "exponents-vs-loss.svg",
    ]
    #expect(plot.stdout == names.map { figures + "/" + $0 + "\n" }.joined())
    for name in names {
      let parsed = try #require(Collector.parse(figures + "/" + name), "\(name)")
      #expect(parsed.names.contains("polyline") || parsed.classes.contains("point"), "\(name)")
    }
    let spectra = try #require(Collector.parse(figures + "/spectra.svg"))
    #expect(spectra.texts.contains("epoch 0") && spectra.texts.contains("epoch 2"))
    #expect(!spectra.texts.contains("epoch 1"))
    let change = try #require(Collector.parse(figures + "/spectrum-change.svg"))
    #expect(change.texts.contains("1/t reference"))
    let scatter = try #require(Collector.parse(figures + "/exponents-vs-loss.svg"))
    // Three epochs with spectra (0, 1, 2), max and mean: three circles and three squares.
    #expect(scatter.names.filter { $0 == "circle" }.count >= 3)

    let missing = try CommandLineTests.lyap(["plot", run, "--output", figures, "--epochs", "7"])
    #expect(missing.status != 0 && missing.stderr.contains("epoch 7"))
    #expect(missing.stderr.contains("0,1,2"))
  }

  @Test func unknownInputsFailClearly() throws {
    let text = CommandLineTests.temporary("notes.txt")
    let folder = CommandLineTests.temporary("empty-folder")
    defer {
      try? FileManager.default.removeItem(atPath: text)
      try? FileManager.default.removeItem(atPath: folder)
    }
    try "x".write(toFile: text, atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let cases: [([String], String)] = [
      (["plot", "/nonexistent.json", "--output", "x"], "/nonexistent.json"),
      (["plot", text, "--output", "x"], "unknown input"),
      (["plot", folder, "--output", "x"], "metrics.jsonl"),
      (["plot", folder, "--output", "x", "--epochs", "a,b"], "metrics.jsonl"),
    ]
    for (arguments, message) in cases {
      let run = try CommandLineTests.lyap(arguments)
      #expect(run.status != 0, "\(arguments)")
      #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
    }
  }
}
