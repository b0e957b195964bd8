/// A grid of coloured cells: `values[row][column]` fills the cell between `xEdges[column]`
/// and `xEdges[column + 1]` and between `yEdges[row]` and `yEdges[row + 1]`.
///
/// Colours come from ``ContinuousColorScale`` over the finite values' range (or `range`),
/// with legend entries at its nice ticks. NaN cells are left empty; cells that are -infinity
/// are black and counted in the legend.
public struct HeatMap: Plot {
  public var xEdges: [Double]
  public var yEdges: [Double]
  public var values: [[Double]]
  /// The name of the coloured quantity, shown in the legend.
  public var name: String
  public var range: ClosedRange<Double>?

  public static let infiniteColor = "#000000"

  public init(
    xEdges: [Double], yEdges: [Double], values: [[Double]], name: String,
    range: ClosedRange<Double>? = nil
  ) {
    precondition(values.count + 1 == yEdges.count, "one row of values between two y edges")
    precondition(
      values.allSatisfy { $0.count + 1 == xEdges.count }, "one value between two x edges")
    self.xEdges = xEdges
    self.yEdges = yEdges
    self.values = values
    self.name = name
    self.range = range
  }

  /// The colour scale: `range`, or the finite values' range.
  public var scale: ContinuousColorScale {
    if let range { return ContinuousColorScale(low: range.lowerBound, high: range.upperBound) }
    let finite = values.joined().filter(\.isFinite)
    return ContinuousColorScale(low: finite.min() ?? 0, high: finite.max() ?? 1)
  }

  public var xExtent: [Double] { xEdges.filter(\.isFinite) }
  public var yExtent: [Double] { yEdges.filter(\.isFinite) }
  /// -infinity cells are coloured, not put on the floor: the legend counts them itself.
  public var infiniteCount: Int { 0 }
  var infiniteCells: Int { values.joined().filter { $0 == -.infinity }.count }

  public var legend: [LegendEntry] {
    var entries = scale.legend(name: name)
    if infiniteCells > 0 {
      entries.append(LegendEntry("-inf: \(infiniteCells)", .square(color: Self.infiniteColor)))
    }
    return entries
  }

  public func draw(_ svg: inout SVGBuilder, x xs: Scale, y ys: Scale) {
    let scale = scale
    for (r, row) in values.enumerated() {
      for (c, value) in row.enumerated() where !value.isNaN {
        guard let x0 = xs.pixel(xEdges[c]), let x1 = xs.pixel(xEdges[c + 1]),
          let y0 = ys.pixel(yEdges[r]), let y1 = ys.pixel(yEdges[r + 1])
        else { continue }
        let fill = value == -.infinity ? Self.infiniteColor : scale.color(value)
        svg.rect(
          min(x0, x1), min(y0, y1), width: abs(x1 - x0), height: abs(y1 - y0), fill: fill,
          className: "cell")
      }
    }
  }
}
