/// A line through (x, y) points with an optional band (e.g. mean ± standard deviation).
///
/// The line breaks at NaN values. A y value of -infinity is drawn on the axis floor with the
/// ``FloorMarker`` and breaks the line; the band is drawn over the runs of points whose
/// bounds are both finite.
public struct LinePlot: Plot {
  public var x: [Double]
  public var y: [Double]
  /// Lower and upper bounds of the band at each point, or nil for no band.
  public var band: (lower: [Double], upper: [Double])?
  public var color: String
  public var label: String?
  public var bandLabel: String?
  public var dashed: Bool
  /// Draw a dot at every finite point.
  public var markers: Bool

  public init(
    x: [Double], y: [Double], band: (lower: [Double], upper: [Double])? = nil,
    color: String = Palette.categorical(0), label: String? = nil, bandLabel: String? = nil,
    dashed: Bool = false, markers: Bool = false
  ) {
    precondition(x.count == y.count, "x and y must have the same length")
    self.x = x
    self.y = y
    self.band = band
    self.color = color
    self.label = label
    self.bandLabel = bandLabel
    self.dashed = dashed
    self.markers = markers
  }

  public var xExtent: [Double] { x.filter(\.isFinite) }
  public var yExtent: [Double] {
    y.filter(\.isFinite) + (band.map { ($0.lower + $0.upper).filter(\.isFinite) } ?? [])
  }
  public var infiniteCount: Int { y.filter { $0 == -.infinity }.count }

  public var legend: [LegendEntry] {
    var entries: [LegendEntry] = []
    if let label { entries.append(LegendEntry(label, .line(color: color, dashed: dashed))) }
    if band != nil, let bandLabel { entries.append(LegendEntry(bandLabel, .band(color: color))) }
    return entries
  }

  public func draw(_ svg: inout SVGBuilder, x xs: Scale, y ys: Scale) {
    if let band {
      var run: [(Double, Double, Double)] = []
      func flush() {
        if run.count > 1 {
          let upper = run.map { ($0.0, $0.2) }
          let lower = run.reversed().map { ($0.0, $0.1) }
          svg.polygon(upper + lower, fill: color, opacity: 0.2, className: "band")
        }
        run = []
      }
      for i in x.indices {
        if let px = xs.pixel(x[i]), let lo = ys.pixel(band.lower[i]),
          let hi = ys.pixel(band.upper[i])
        {
          run.append((px, lo, hi))
        } else {
          flush()
        }
      }
      flush()
    }
    var segment: [(Double, Double)] = []
    func flush() {
      if segment.count > 1 { svg.polyline(segment, stroke: color, dashed: dashed) }
      segment = []
    }
    for i in x.indices {
      guard let px = xs.pixel(x[i]) else {
        flush()
        continue
      }
      if let py = ys.pixel(y[i]) {
        segment.append((px, py))
        if markers { svg.circle(px, py, radius: 2.5, fill: color) }
      } else {
        flush()
        if y[i] == -.infinity { FloorMarker.draw(&svg, x: px, floor: ys.floor, color: color) }
      }
    }
    flush()
  }
}
