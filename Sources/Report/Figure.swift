import Foundation

/// A 2-D figure: a title, two axes, layers of ``Plot``s and a legend, rendered as SVG.
///
/// The axes are fitted to every layer's finite data and widened to nice ticks (see ``Axis``).
/// Values that are -infinity are drawn on the axis floor with ``FloorMarker`` and counted in
/// the legend ("-inf (at axis floor): N"). Rendering is deterministic: the same figure gives
/// the same bytes.
///
/// Layout, in pixels: the plot area spans `marginLeft ..< width - marginRight` horizontally
/// and `marginTop ..< height - marginBottom` vertically; the legend sits right of it.
/// Figures in ``panelsBelow`` are drawn under this one in the same document (small
/// multiples), each with its own axes and legend, translated down by the heights above it.
public struct Figure: Sendable {
  public var title: String
  public var x: Axis
  public var y: Axis
  public var plots: [any Plot]
  public var width: Double = 640
  public var height: Double = 400
  /// Panels drawn below this figure, top to bottom (their own panels are not drawn).
  public var panelsBelow: [Figure] = []

  public static let marginLeft = 72.0
  public static let marginRight = 180.0
  public static let marginTop = 36.0
  public static let marginBottom = 52.0

  public init(title: String, x: Axis, y: Axis, plots: [any Plot] = []) {
    self.title = title
    self.x = x
    self.y = y
    self.plots = plots
  }

  /// The x ticks (and with them the domain) for the current layers.
  public var xTicks: [Double] { x.ticks(for: plots.flatMap(\.xExtent)) }
  public var yTicks: [Double] { y.ticks(for: plots.flatMap(\.yExtent)) }

  /// The number of -infinity values over all layers.
  public var infiniteCount: Int { plots.map(\.infiniteCount).reduce(0, +) }

  /// The scales mapping data to pixels.
  public var scales: (x: Scale, y: Scale) {
    let (xt, yt) = (xTicks, yTicks)
    func domain(_ axis: Axis, _ ticks: [Double]) -> (Double, Double) {
      if axis.categories != nil { return (-0.5, Double(ticks.count) - 0.5) }
      return (ticks.first ?? 0, ticks.last ?? 1)
    }
    let (x0, x1) = domain(x, xt)
    let (y0, y1) = domain(y, yt)
    return (
      Scale(
        low: x0, high: x1, pixelStart: Self.marginLeft, pixelEnd: width - Self.marginRight,
        logarithmic: x.isLogarithmic),
      Scale(
        low: y0, high: y1, pixelStart: height - Self.marginBottom, pixelEnd: Self.marginTop,
        logarithmic: y.isLogarithmic)
    )
  }

  /// The figure as a standalone SVG document: this figure, then each of ``panelsBelow``
  /// in a group translated down by the heights above it.
  public func svg() -> String {
    var svg = SVGBuilder()
    draw(&svg)
    var top = height
    for panel in panelsBelow {
      svg.group(translateY: top) { panel.draw(&$0) }
      top += panel.height
    }
    let documentWidth = ([width] + panelsBelow.map(\.width)).max() ?? width
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(SVGBuilder.number(documentWidth))" \
      height="\(SVGBuilder.number(top))" viewBox="0 0 \(SVGBuilder.number(documentWidth)) \
      \(SVGBuilder.number(top))" font-family="sans-serif">
      \(svg.body)</svg>

      """
  }

  /// Draws this figure (without its panels) with its top-left corner at the origin.
  func draw(_ svg: inout SVGBuilder) {
    let (xs, ys) = scales
    let (xt, yt) = (xTicks, yTicks)
    let (left, right) = (Self.marginLeft, width - Self.marginRight)
    let (top, bottom) = (Self.marginTop, height - Self.marginBottom)
    svg.rect(0, 0, width: width, height: height, fill: "white", className: "background")
    svg.text(title, (left + right) / 2, 22, size: 14)
    for tick in xt {
      guard let px = xs.pixel(tick) else { continue }
      svg.line(px, top, px, bottom, stroke: "#e6e6e6")
      svg.line(px, bottom, px, bottom + 5, stroke: "black")
      svg.text(x.tickLabel(tick, ticks: xt), px, bottom + 18, size: 11)
    }
    for tick in yt {
      guard let py = ys.pixel(tick) else { continue }
      svg.line(left, py, right, py, stroke: "#e6e6e6")
      svg.line(left - 5, py, left, py, stroke: "black")
      svg.text(y.tickLabel(tick, ticks: yt), left - 8, py + 4, anchor: "end", size: 11)
    }
    svg.text(x.title, (left + right) / 2, height - 12, size: 12)
    svg.text(y.title, 18, (top + bottom) / 2, size: 12, rotate: -90)
    for plot in plots { plot.draw(&svg, x: xs, y: ys) }
    svg.element(
      "rect",
      [
        ("class", "frame"), ("x", SVGBuilder.number(left)), ("y", SVGBuilder.number(top)),
        ("width", SVGBuilder.number(right - left)), ("height", SVGBuilder.number(bottom - top)),
        ("fill", "none"), ("stroke", "black"),
      ])
    drawLegend(&svg, left: right + 14, top: top)
  }

  /// The legend entries: every layer's, without repeats, then the -infinity count.
  public var legend: [LegendEntry] {
    var entries: [LegendEntry] = []
    for entry in plots.flatMap(\.legend) where !entries.contains(entry) { entries.append(entry) }
    if infiniteCount > 0 {
      entries.append(LegendEntry("-inf (at axis floor): \(infiniteCount)", .floor))
    }
    return entries
  }

  func drawLegend(_ svg: inout SVGBuilder, left: Double, top: Double) {
    for (i, entry) in legend.enumerated() {
      let y = top + 8 + Double(i) * 18
      switch entry.swatch {
      case .line(let color, let dashed):
        svg.line(left, y, left + 20, y, stroke: color, width: 2, dashed: dashed)
      case .band(let color):
        svg.polygon(
          [(left, y - 5), (left + 20, y - 5), (left + 20, y + 5), (left, y + 5)], fill: color,
          opacity: 0.2, className: "legend-band")
      case .circle(let color): svg.circle(left + 10, y, radius: 4, fill: color)
      case .square(let color), .bar(let color):
        svg.rect(left + 5, y - 5, width: 10, height: 10, fill: color, className: "legend-box")
      case .floor: FloorMarker.draw(&svg, x: left + 10, floor: y + 5, color: "black")
      }
      svg.text(entry.label, left + 26, y + 4, anchor: "start", size: 11)
    }
  }
}
