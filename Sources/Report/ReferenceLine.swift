/// A straight dashed line across the plot area at one x (vertical) or one y (horizontal):
/// a threshold, a median, a reference value.
public struct ReferenceLine: Plot {
  public enum Orientation: Sendable { case vertical, horizontal }

  public var value: Double
  public var orientation: Orientation
  public var color: String
  public var label: String?

  public init(
    _ orientation: Orientation, at value: Double, color: String = "black", label: String? = nil
  ) {
    self.orientation = orientation
    self.value = value
    self.color = color
    self.label = label
  }

  public var xExtent: [Double] { orientation == .vertical && value.isFinite ? [value] : [] }
  public var yExtent: [Double] { orientation == .horizontal && value.isFinite ? [value] : [] }
  public var infiniteCount: Int { 0 }

  public var legend: [LegendEntry] {
    label.map { [LegendEntry($0, .line(color: color, dashed: true))] } ?? []
  }

  public func draw(_ svg: inout SVGBuilder, x xs: Scale, y ys: Scale) {
    switch orientation {
    case .vertical:
      guard let px = xs.pixel(value) else { return }
      svg.line(px, ys.pixelStart, px, ys.pixelEnd, stroke: color, width: 1.5, dashed: true)
    case .horizontal:
      guard let py = ys.pixel(value) else { return }
      svg.line(xs.pixelStart, py, xs.pixelEnd, py, stroke: color, width: 1.5, dashed: true)
    }
  }
}
