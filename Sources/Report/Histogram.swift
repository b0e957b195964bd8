import Foundation

/// A histogram of values in equal bins whose width is a nice step (see ``Axis/niceStep``).
///
/// Bin `j` counts the values in `[edge_j, edge_{j+1})`, the last bin also its right edge.
/// Values of -infinity are not binned: they are counted in the legend and marked once on the
/// floor at the left of the axis. NaN values are ignored.
public struct Histogram: Plot {
  public var edges: [Double]
  public var counts: [Int]
  public var color: String
  public var label: String?
  public var infiniteCount: Int

  /// Bins `values` into about `bins` nice-width bins.
  public init(
    _ values: [Double], bins: Int = 20, color: String = Palette.categorical(0),
    label: String? = nil
  ) {
    let finite = values.filter(\.isFinite)
    self.color = color
    self.label = label
    self.infiniteCount = values.filter { $0 == -.infinity }.count
    guard let low = finite.min(), let high = finite.max() else {
      edges = []
      counts = []
      return
    }
    let ticks = Axis.niceTicks(low, high, targetTicks: max(1, bins))
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
    edges = ticks
    var counts = Array(repeating: 0, count: max(1, ticks.count - 1))
    for value in finite {
      let j = Int(((value - ticks[0]) / step).rounded(.down))
      counts[min(max(0, j), counts.count - 1)] += 1
    }
    self.counts = counts
  }

  public var xExtent: [Double] { edges }
  public var yExtent: [Double] { counts.isEmpty ? [] : [0] + counts.map(Double.init) }

  public var legend: [LegendEntry] {
    label.map { [LegendEntry($0, .bar(color: color))] } ?? []
  }

  public func draw(_ svg: inout SVGBuilder, x xs: Scale, y ys: Scale) {
    for (j, count) in counts.enumerated() where j + 1 < edges.count {
      guard let x0 = xs.pixel(edges[j]), let x1 = xs.pixel(edges[j + 1]),
        let y0 = ys.pixel(0), let y1 = ys.pixel(Double(count))
      else { continue }
      svg.rect(x0, y1, width: x1 - x0, height: y0 - y1, fill: color, className: "bar")
    }
    if infiniteCount > 0 { FloorMarker.draw(&svg, x: xs.pixelStart, floor: ys.floor, color: color) }
  }
}
