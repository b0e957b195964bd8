import Foundation
import Report
import Testing

/// Stacked histograms, heat maps and reference lines, at hand-computed pixels and colours.
///
/// The default figure's plot area is x 72 ... 460 (388 px) and y 348 (bottom) ... 36 (312 px).
@Suite struct StackedHistogramAndHeatMapTests {
  @Test func stackedBarsStartOnThePreviousSeries() throws {
    // All values span 0.1 ... 1.9: two nice bins of width 1, edges 0, 1, 2.
    let stacked = StackedHistogram(
      [
        .init("good", [0.1, 0.5, 1.2, -.infinity], color: "#00aa00"),
        .init("bad", [0.7, 1.5, 1.9, .nan], color: "#aa0000"),
      ], bins: 2)
    #expect(stacked.edges == [0, 1, 2])
    #expect(stacked.counts == [[2, 1], [1, 2]] && stacked.totals == [3, 3])
    #expect(stacked.infiniteCount == 1)
    let figure = Figure(title: "h", x: Axis("v"), y: Axis("count"), plots: [stacked])
    // Counts 0 ... 3 in steps of 1: 104 px per count.
    #expect(figure.yTicks == [0, 1, 2, 3])
    let bars = try #require(ElementCollector.parse(figure.svg())).elements.filter {
      $0.attributes["class"] == "bar"
    }
    let drawn = bars.map {
      [
        $0.attributes["x"]!, $0.attributes["y"]!, $0.attributes["width"]!,
        $0.attributes["height"]!, $0.attributes["fill"]!,
      ]
    }
    #expect(
      drawn == [
        ["72.00", "140.00", "194.00", "208.00", "#00aa00"],  // good, bin 0: 0 ... 2
        ["266.00", "244.00", "194.00", "104.00", "#00aa00"],  // good, bin 1: 0 ... 1
        ["72.00", "36.00", "194.00", "104.00", "#aa0000"],  // bad, bin 0: 2 ... 3
        ["266.00", "36.00", "194.00", "208.00", "#aa0000"],  // bad, bin 1: 1 ... 3
      ])
    let legend = figure.legend.map(\.label)
    #expect(legend == ["good", "bad", "-inf (at axis floor): 1"])
  }

  @Test func heatMapCellsHaveTheirPlaceAndColour() throws {
    // Values 0 ... 4 on the five-anchor scale: 0, 1, 2 and 4 are anchors 0, 1, 2 and 4.
    let map = HeatMap(
      xEdges: [0, 1, 2], yEdges: [0, 1, 2], values: [[0, 1], [2, 4]], name: "loss")
    let figure = Figure(title: "m", x: Axis("a"), y: Axis("b"), plots: [map])
    let cells = try #require(ElementCollector.parse(figure.svg())).elements.filter {
      $0.attributes["class"] == "cell"
    }
    // x 0 ... 2 over 388 px (194 per cell), y 0 ... 2 over 312 px (156 per cell).
    let drawn = cells.map {
      [
        $0.attributes["x"]!, $0.attributes["y"]!, $0.attributes["width"]!,
        $0.attributes["height"]!, $0.attributes["fill"]!,
      ]
    }
    #expect(
      drawn == [
        ["72.00", "192.00", "194.00", "156.00", "#440154"],
        ["266.00", "192.00", "194.00", "156.00", "#3b528b"],
        ["72.00", "36.00", "194.00", "156.00", "#21918c"],
        ["266.00", "36.00", "194.00", "156.00", "#fde725"],
      ])
    #expect(figure.legend.map(\.label) == ["loss 0", "loss 1", "loss 2", "loss 3", "loss 4"])
    #expect(figure.legend.first?.swatch == .square(color: "#440154"))
  }

  @Test func colourLegendsHaveAtLeastTwoTicksWithTheirStepsDecimals() {
    // About 4 ticks over 0.01 ... 0.99 step by 0.5, leaving only 0.5 inside: step 0.2 instead.
    let labels = ContinuousColorScale(low: 0.01, high: 0.99).legend(name: "loss").map(\.label)
    #expect(labels == ["loss 0.2", "loss 0.4", "loss 0.6", "loss 0.8"])
  }

  @Test func heatMapLeavesNaNEmptyAndPaintsMinusInfinityBlack() throws {
    let map = HeatMap(
      xEdges: [0, 1, 2, 3], yEdges: [0, 1], values: [[1, .nan, -.infinity]], name: "v",
      range: 0...2)
    let figure = Figure(title: "m", x: Axis("a"), y: Axis("b"), plots: [map])
    let cells = try #require(ElementCollector.parse(figure.svg())).elements.filter {
      $0.attributes["class"] == "cell"
    }
    // 1 is the middle anchor of 0 ... 2.
    #expect(cells.map { $0.attributes["fill"]! } == ["#21918c", "#000000"])
    #expect(figure.legend.map(\.label).last == "-inf: 1")
    #expect(!figure.legend.contains { $0.label.hasPrefix("-inf (at axis floor)") })
  }

  @Test func referenceLinesSpanThePlotArea() throws {
    let figure = Figure(
      title: "r", x: Axis("x", range: 0...10), y: Axis("y", range: 0...1),
      plots: [
        ReferenceLine(.vertical, at: 5, label: "threshold"),
        ReferenceLine(.horizontal, at: 0.25),
      ])
    let lines = try #require(ElementCollector.parse(figure.svg())).elements.filter {
      $0.name == "line" && $0.attributes["stroke-dasharray"] != nil
    }
    // The legend's dashed swatch comes last.
    let coordinates = lines.prefix(2).map { line in
      ["x1", "y1", "x2", "y2"].map { line.attributes[$0]! }
    }
    #expect(
      coordinates == [
        ["266.00", "348.00", "266.00", "36.00"], ["72.00", "270.00", "460.00", "270.00"],
      ])
    #expect(figure.legend.map(\.label) == ["threshold"])
  }
}
