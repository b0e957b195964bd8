/// Bars at categorical positions 0, 1, ... with optional symmetric error bars.
///
/// Use with an x ``Axis`` whose `categories` name the bars. A value of -infinity is drawn as
/// a ``FloorMarker`` instead of a bar; a NaN value draws nothing.
///
/// Grouped bars are several charts in one figure, each shifted by its `offset` from the
/// category position with a `width` that leaves room for the others (both in category
/// units: bar i spans `i + offset ± width / 2`).
public struct BarChart: Plot {
  public var values: [Double]
  public var errors: [Double]?
  public var color: String
  public var label: String?
  public var offset: Double
  public var width: Double

  public init(
    _ values: [Double], errors: [Double]? = nil, color: String = Palette.categorical(0),
    label: String? = nil, offset: Double = 0, width: Double = 0.7
  ) {
    self.values = values
    self.errors = errors
    self.color = color
    self.label = label
    self.offset = offset
    self.width = width
  }

  /// The offsets of `count` grouped bars filling `span` of each category, left to right.
  public static func groupOffsets(_ count: Int, span: Double = 0.8) -> [Double] {
    (0..<count).map { -span / 2 + span / Double(count) * (Double($0) + 0.5) }
  }

  public var xExtent: [Double] { values.indices.map(Double.init) }
  public var yExtent: [Double] {
    let tops = values.indices.flatMap { i -> [Double] in
      let e = errors?[i] ?? 0
      return [values[i] - e, values[i] + e]
    }
    return ([0] + values + tops).filter(\.isFinite)
  }
  public var infiniteCount: Int { values.filter { $0 == -.infinity }.count }

  public var legend: [LegendEntry] {
    label.map { [LegendEntry($0, .bar(color: color))] } ?? []
  }

  public func draw(_ svg: inout SVGBuilder, x xs: Scale, y ys: Scale) {
    for (i, value) in values.enumerated() {
      let center = Double(i) + offset
      guard let left = xs.pixel(center - width / 2), let right = xs.pixel(center + width / 2)
      else { continue }
      let base = ys.pixel(0) ?? ys.floor
      guard let top = ys.pixel(value) else {
        if value == -.infinity {
          FloorMarker.draw(&svg, x: (left + right) / 2, floor: ys.floor, color: color)
        }
        continue
      }
      svg.rect(
        left, min(top, base), width: right - left, height: abs(base - top), fill: color,
        className: "bar")
      if let e = errors?[i], e.isFinite, e > 0, let lo = ys.pixel(value - e),
        let hi = ys.pixel(value + e)
      {
        let mid = (left + right) / 2
        svg.line(mid, lo, mid, hi, stroke: "black")
        svg.line(mid - 4, lo, mid + 4, lo, stroke: "black")
        svg.line(mid - 4, hi, mid + 4, hi, stroke: "black")
      }
    }
  }
}
