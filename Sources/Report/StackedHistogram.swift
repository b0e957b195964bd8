import Foundation

/// Histograms of several series in shared bins, stacked: in each bin the first series' bar
/// starts at zero and every next one starts on top of the previous.
///
/// The bins are the nice-width bins of ``Histogram`` over all series' finite values together
/// (`[edge_j, edge_{j+1})`, the last bin also its right edge). Values of -infinity are not
/// binned: each series with some is marked once on the floor at the left of the axis and the
/// figure's legend counts them. NaN values are ignored.
public struct StackedHistogram: Plot {
  public struct Series: Sendable {
    public var label: String
    public var values: [Double]
    public var color: String

    public init(_ label: String, _ values: [Double], color: String) {
      self.label = label
      self.values = values
      self.color = color
    }
  }

  public var series: [Series]
  public var edges: [Double]
  /// `counts[s][j]`: the values of series `s` in bin `j`.
  public var counts: [[Int]]

  /// Bins every series' values into about `bins` shared nice-width bins.
  public init(_ series: [Series], bins: Int = 20) {
    self.series = series
    let finite = series.flatMap { $0.values.filter(\.isFinite) }
    guard let low = finite.min(), let high = finite.max() else {
      edges = []
      counts = series.map { _ in [] }
      return
    }
    let edges = Axis.niceTicks(low, high, targetTicks: max(1, bins))
    self.edges = edges
    let step = edges.count > 1 ? edges[1] - edges[0] : 1
    let binCount = max(1, edges.count - 1)
    counts = series.map { s in
      var row = Array(repeating: 0, count: binCount)
      for value in s.values where value.isFinite {
        let j = Int(((value - edges[0]) / step).rounded(.down))
        row[min(max(0, j), binCount - 1)] += 1
      }
      return row
    }
  }

  /// The height of each bin's stack.
  public var totals: [Int] {
    guard let first = counts.first else { return [] }
    return first.indices.map { j in counts.map { $0[j] }.reduce(0, +) }
  }

  public var xExtent: [Double] { edges }
  public var yExtent: [Double] { edges.isEmpty ? [] : [0] + totals.map(Double.init) }
  public var infiniteCount: Int {
    series.map { $0.values.filter { $0 == -.infinity }.count }.reduce(0, +)
  }

  public var legend: [LegendEntry] { series.map { LegendEntry($0.label, .bar(color: $0.color)) } }

  public func draw(_ svg: inout SVGBuilder, x xs: Scale, y ys: Scale) {
    var base = Array(repeating: 0, count: max(0, edges.count - 1))
    for (s, row) in zip(series, counts) {
      for (j, count) in row.enumerated() where j + 1 < edges.count && count > 0 {
        guard let x0 = xs.pixel(edges[j]), let x1 = xs.pixel(edges[j + 1]),
          let y0 = ys.pixel(Double(base[j])), let y1 = ys.pixel(Double(base[j] + count))
        else { continue }
        svg.rect(x0, y1, width: x1 - x0, height: y0 - y1, fill: s.color, className: "bar")
        base[j] += count
      }
      if s.values.contains(-.infinity) {
        FloorMarker.draw(&svg, x: xs.pixelStart, floor: ys.floor, color: s.color)
      }
    }
  }
}
