/// One layer of a ``Figure``: it reports the data extent the axes must cover, draws itself
/// through the figure's scales, and names its legend entries.
public protocol Plot: Sendable {
  /// Finite x values to cover (the axis domain is fitted to all layers' values).
  var xExtent: [Double] { get }
  /// Finite y values to cover.
  var yExtent: [Double] { get }
  /// Values that are -infinity, drawn at the axis floor with ``FloorMarker``.
  var infiniteCount: Int { get }
  var legend: [LegendEntry] { get }
  func draw(_ svg: inout SVGBuilder, x: Scale, y: Scale)
}

/// One line of a figure's legend: a swatch and a text.
public struct LegendEntry: Sendable, Equatable {
  public enum Swatch: Sendable, Equatable {
    case line(color: String, dashed: Bool)
    case band(color: String)
    case circle(color: String)
    case square(color: String)
    case bar(color: String)
    /// The -infinity marker of ``FloorMarker``.
    case floor
  }

  public var label: String
  public var swatch: Swatch

  public init(_ label: String, _ swatch: Swatch) {
    self.label = label
    self.swatch = swatch
  }
}

/// The marker of a value that is -infinity (an annihilated direction's exponent): a hollow
/// downward triangle with class `infinite`, its tip on the axis floor.
public enum FloorMarker {
  public static func draw(_ svg: inout SVGBuilder, x: Double, floor: Double, color: String) {
    let points = [(x - 5, floor - 9), (x + 5, floor - 9), (x, floor)]
    svg.element(
      "polygon",
      [
        ("class", "infinite"), ("points", SVGBuilder.pointList(points)), ("fill", "white"),
        ("stroke", color), ("stroke-width", "1.50"),
      ])
  }
}
