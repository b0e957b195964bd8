import Foundation

/// Colours: a categorical palette and a continuous scale.
public enum Palette {
  /// Ten distinguishable colours for categories, used in order and then repeated.
  public static let categorical = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf",
  ]

  public static func categorical(_ index: Int) -> String {
    categorical[((index % categorical.count) + categorical.count) % categorical.count]
  }

  /// The grey of context lines (all spectra behind highlighted ones).
  public static let grey = "#b0b0b0"
}

/// A continuous colour scale from dark purple (low) through teal to yellow (high): linear
/// interpolation between five anchors in RGB, values clamped to `low...high`.
public struct ContinuousColorScale: Sendable {
  public var low: Double
  public var high: Double

  static let anchors: [(Double, Double, Double)] = [
    (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
  ]

  public init(low: Double, high: Double) {
    self.low = low
    self.high = high
  }

  /// The colour of `value` as `#rrggbb`.
  public func color(_ value: Double) -> String {
    let t = high > low ? min(1, max(0, (value - low) / (high - low))) : 0.5
    let position = t * Double(Self.anchors.count - 1)
    let i = min(Self.anchors.count - 2, Int(position))
    let f = position - Double(i)
    let (a, b) = (Self.anchors[i], Self.anchors[i + 1])
    func mix(_ u: Double, _ v: Double) -> Int { Int((u + (v - u) * f).rounded()) }
    return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
  }

  /// Legend entries `name tick` with the tick's colour, at nice ticks inside the range: about
  /// 4 of them, or finer ones when fewer than two fall inside; labels have the decimals of
  /// the tick step.
  public func legend(name: String) -> [LegendEntry] {
    let axis = Axis(name)
    var ticks: [Double] = []
    var step = [0.0, 1]
    for target in [4, 8, 16] where ticks.count < 2 {
      step = Axis.niceTicks(low, high, targetTicks: target)
      ticks = step.filter { $0 >= low - 1e-12 && $0 <= high + 1e-12 }
    }
    return ticks.map {
      LegendEntry("\(name) \(axis.tickLabel($0, ticks: step))", .square(color: color($0)))
    }
  }
}
