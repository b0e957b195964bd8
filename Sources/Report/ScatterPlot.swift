/// Points (x, y) coloured by one colour, by category, or by a continuous value.
///
/// Categorical colours follow ``Palette/categorical`` in order of first appearance, one
/// legend entry per category; a continuous colour uses ``ContinuousColorScale`` over the
/// values' range, with legend entries at its nice ticks. A y of -infinity is drawn on the
/// axis floor with the ``FloorMarker``.
public struct ScatterPlot: Plot {
  public enum Coloring: Sendable {
    case single(String)
    case categorical([String])
    /// One value per point, and the name of the quantity (shown in the legend).
    case continuous([Double], name: String)
  }

  public enum Marker: Sendable { case circle, square }

  public var x: [Double]
  public var y: [Double]
  public var coloring: Coloring
  public var marker: Marker
  /// The series' name, shown in the legend with a grey marker when colours vary.
  public var label: String?

  public init(
    x: [Double], y: [Double], coloring: Coloring = .single(Palette.categorical(0)),
    marker: Marker = .circle, label: String? = nil
  ) {
    precondition(x.count == y.count, "x and y must have the same length")
    self.x = x
    self.y = y
    self.coloring = coloring
    self.marker = marker
    self.label = label
  }

  public var xExtent: [Double] { x.filter(\.isFinite) }
  public var yExtent: [Double] { y.filter(\.isFinite) }
  public var infiniteCount: Int { y.filter { $0 == -.infinity }.count }

  var categoryOrder: [String] {
    guard case .categorical(let names) = coloring else { return [] }
    var order: [String] = []
    for name in names where !order.contains(name) { order.append(name) }
    return order
  }

  var continuousScale: ContinuousColorScale? {
    guard case .continuous(let values, _) = coloring else { return nil }
    let finite = values.filter(\.isFinite)
    return ContinuousColorScale(low: finite.min() ?? 0, high: finite.max() ?? 1)
  }

  /// The colour of point `i`.
  public func color(at i: Int) -> String {
    switch coloring {
    case .single(let color): return color
    case .categorical(let names):
      return Palette.categorical(categoryOrder.firstIndex(of: names[i]) ?? 0)
    case .continuous(let values, _): return continuousScale!.color(values[i])
    }
  }

  func swatch(_ color: String) -> LegendEntry.Swatch {
    marker == .circle ? .circle(color: color) : .square(color: color)
  }

  public var legend: [LegendEntry] {
    var entries: [LegendEntry] = []
    switch coloring {
    case .single(let color):
      if let label { entries.append(LegendEntry(label, swatch(color))) }
    case .categorical:
      if let label { entries.append(LegendEntry(label, swatch("#606060"))) }
      entries += categoryOrder.enumerated().map {
        LegendEntry($0.element, .square(color: Palette.categorical($0.offset)))
      }
    case .continuous(_, let name):
      if let label { entries.append(LegendEntry(label, swatch("#606060"))) }
      entries += continuousScale!.legend(name: name)
    }
    return entries
  }

  public func draw(_ svg: inout SVGBuilder, x xs: Scale, y ys: Scale) {
    for i in x.indices {
      guard let px = xs.pixel(x[i]) else { continue }
      let color = color(at: i)
      guard let py = ys.pixel(y[i]) else {
        if y[i] == -.infinity { FloorMarker.draw(&svg, x: px, floor: ys.floor, color: color) }
        continue
      }
      switch marker {
      case .circle: svg.circle(px, py, radius: 4, fill: color)
      case .square: svg.rect(px - 4, py - 4, width: 8, height: 8, fill: color, className: "point")
      }
    }
  }
}
