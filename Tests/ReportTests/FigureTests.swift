import Foundation
import Report
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Collects every element's name and attributes while parsing an SVG document.
final class ElementCollector: NSObject, XMLParserDelegate {
  var elements: [(name: String, attributes: [String: String])] = []
  var texts: [String] = []

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    elements.append((name, attributes))
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    texts.append(string)
  }

  /// Parses `svg`; nil when it is not well-formed XML.
  static func parse(_ svg: String) -> ElementCollector? {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = ElementCollector()
    parser.delegate = collector
    return parser.parse() ? collector : nil
  }
}

@Suite struct FigureTests {
  static func close(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
  }

  @Test func niceTicksMatchHandComputedCases() {
    // span 1 over 5 intervals: raw step 0.2 = 2 x 0.1.
    #expect(Self.close(Axis.niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]))
    #expect(Self.close(Axis.niceTicks(0.13, 0.87), [0, 0.2, 0.4, 0.6, 0.8, 1]))
    // span 15.8: raw 3.16 -> 5; widened to whole steps.
    #expect(Self.close(Axis.niceTicks(-3.7, 12.1), [-5, 0, 5, 10, 15]))
    // span 7: raw 1.4 -> 2.
    #expect(Self.close(Axis.niceTicks(0, 7), [0, 2, 4, 6, 8]))
    #expect(Axis.niceStep(0, 100) == 20)
    // An empty span is widened to 1...3, raw step 0.4 -> 0.5.
    #expect(Self.close(Axis.niceTicks(2, 2), [1, 1.5, 2, 2.5, 3]))
    // Data already on ticks stay the ends.
    #expect(Self.close(Axis.niceTicks(0.1, 0.3), [0.1, 0.15, 0.2, 0.25, 0.3]))
    // Whole-number axes (indices, epochs) never step below 1.
    #expect(Self.close(Axis.niceTicks(1, 2, minimumStep: 1), [1, 2]))
    #expect(Self.close(Axis("index", integerTicks: true).ticks(for: [1]), [0, 1, 2]))
    #expect(Self.close(Axis.niceTicks(0, 64, minimumStep: 1), [0, 20, 40, 60, 80]))
    let axis = Axis("x")
    let ticks = Axis.niceTicks(0, 1)
    #expect(
      ticks.map { axis.tickLabel($0, ticks: ticks) } == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    let whole = Axis.niceTicks(1, 3, minimumStep: 1)
    #expect(whole.map { axis.tickLabel($0, ticks: whole) } == ["1", "2", "3"])
    let fine = Axis.niceTicks(0.1, 0.3)
    #expect(
      fine.map { axis.tickLabel($0, ticks: fine) } == ["0.10", "0.15", "0.20", "0.25", "0.30"])
    let wide = Axis.niceTicks(-3.7, 12.1)
    #expect(wide.map { axis.tickLabel($0, ticks: wide) } == ["-5", "0", "5", "10", "15"])
  }

  @Test func logTicksArePowersOfTenCoveringTheData() {
    #expect(Self.close(Axis.logTicks(0.003, 250), [1e-3, 1e-2, 1e-1, 1, 10, 100, 1000]))
    #expect(Self.close(Axis.logTicks(1, 100), [1, 10, 100]))
    #expect(Self.close(Axis.logTicks(5, 5), [1, 10]))
    let axis = Axis("t", logarithmic: true)
    let ticks = Axis.logTicks(1e-5, 0.01)
    #expect(ticks.map { axis.tickLabel($0, ticks: ticks) } == ["1e-5", "1e-4", "0.001", "0.01"])
  }

  @Test func dataMapsToTheRightPixels() throws {
    // Plot area: x 72 ... 640 - 180 = 460 (388 px), y 400 - 52 = 348 (bottom) ... 36 (312 px).
    let linear = Figure(
      title: "t", x: Axis("x", range: 0...10), y: Axis("y", range: 0...1),
      plots: [ScatterPlot(x: [5, 10], y: [0.25, 1])])
    let points = try #require(ElementCollector.parse(linear.svg())).elements.filter {
      $0.name == "circle"
    }
    #expect(points.map { $0.attributes["cx"]! } == ["266.00", "460.00"])
    #expect(points.map { $0.attributes["cy"]! } == ["270.00", "36.00"])
    // Log x from 1 to 100: 10 is half-way.
    let log = Figure(
      title: "t", x: Axis("x", logarithmic: true, range: 1...100), y: Axis("y", range: 0...1),
      plots: [ScatterPlot(x: [10], y: [0])])
    let point = try #require(ElementCollector.parse(log.svg())).elements.first {
      $0.name == "circle"
    }
    #expect(point?.attributes["cx"] == "266.00" && point?.attributes["cy"] == "348.00")
  }

  @Test func infiniteValuesSitOnTheFloorAndAreCounted() throws {
    let figure = Figure(
      title: "spectrum", x: Axis("index"), y: Axis("exponent", unit: "nats per step"),
      plots: [
        LinePlot(x: [1, 2, 3, 4], y: [0.5, -.infinity, -0.5, -.infinity], label: "mean")
      ])
    #expect(figure.infiniteCount == 2)
    let parsed = try #require(ElementCollector.parse(figure.svg()))
    let markers = parsed.elements.filter { $0.attributes["class"] == "infinite" }
    // Two in the plot, one in the legend.
    #expect(markers.count == 3)
    let tips = markers.prefix(2).map { $0.attributes["points"]!.split(separator: " ").last! }
    #expect(tips.allSatisfy { $0.hasSuffix(",348.00") })
    #expect(parsed.texts.contains("-inf (at axis floor): 2"))
    // The finite values still set the axis: -0.5 ... 0.5.
    #expect(Self.close(figure.yTicks, [-0.6, -0.4, -0.2, 0, 0.2, 0.4, 0.6]))
  }

  @Test func renderingIsDeterministicAndWellFormed() throws {
    func make() -> Figure {
      Figure(
        title: "a < b & \"c\"", x: Axis("x", unit: "steps"), y: Axis("y"),
        plots: [
          LinePlot(
            x: [1, 2, 3], y: [1, 2, 1.5], band: ([0.5, 1.5, 1], [1.5, 2.5, 2]), label: "line",
            bandLabel: "band"),
          ScatterPlot(
            x: [1, 2, 3], y: [2, 1, 3], coloring: .continuous([0, 5, 10], name: "epoch"),
            label: "points"),
          ScatterPlot(x: [1, 2], y: [0, 1], coloring: .categorical(["good", "bad"])),
        ])
    }
    let first = make().svg()
    #expect(first == make().svg())
    #expect(first == make().svg())
    let parsed = try #require(ElementCollector.parse(first))
    #expect(parsed.elements.first?.name == "svg")
    #expect(parsed.elements.contains { $0.attributes["class"] == "band" })
    #expect(parsed.texts.contains("x (steps)"))
    let legend = make().legend.map(\.label)
    #expect(legend.contains("good") && legend.contains("bad") && legend.contains("epoch 0"))
    #expect(legend.contains("epoch 10"))
  }

  @Test func histogramsAndBarsCountAndDraw() throws {
    // Nice bins of width 1 over 0.1 ... 1.5: [0, 1) holds three, [1, 2] one.
    let histogram = Histogram([0.1, 0.2, 0.3, 1.5, -.infinity, .nan], bins: 2, label: "values")
    #expect(histogram.edges == [0, 1, 2] && histogram.counts == [3, 1])
    #expect(histogram.infiniteCount == 1)
    let bars = BarChart([0.5, 0.75], errors: [0.1, 0.05], label: "F1")
    let figure = Figure(
      title: "F1", x: Axis("classifier", categories: ["svm", "mlp"]), y: Axis("F1", range: 0...1),
      plots: [bars])
    let parsed = try #require(ElementCollector.parse(figure.svg()))
    let drawn = parsed.elements.filter { $0.attributes["class"] == "bar" }
    #expect(drawn.count == 2)
    // Bar 0 spans 0.5 of 312 px above the floor 348: top at 192.
    #expect(drawn[0].attributes["y"] == "192.00")
    #expect(parsed.texts.contains("svm") && parsed.texts.contains("mlp"))
    let hist = try #require(
      ElementCollector.parse(
        Figure(title: "h", x: Axis("v"), y: Axis("count"), plots: [histogram]).svg()))
    #expect(hist.elements.filter { $0.attributes["class"] == "bar" }.count == 2)
    #expect(hist.texts.contains("-inf (at axis floor): 1"))
  }

  @Test func colourScalesHitTheirAnchors() {
    let scale = ContinuousColorScale(low: 0, high: 4)
    #expect(scale.color(0) == "#440154" && scale.color(4) == "#fde725")
    #expect(scale.color(2) == "#21918c" && scale.color(-1) == "#440154")
    #expect(Palette.categorical(10) == Palette.categorical(0))
  }
}
