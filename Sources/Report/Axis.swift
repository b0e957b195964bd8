import Foundation

/// One axis of a figure: its label and unit, linear or logarithmic, and its ticks.
///
/// Linear ticks are "nice": the step is 1, 2 or 5 times a power of ten, chosen so that about
/// `targetTicks` intervals cover the data, and the axis is widened to whole steps
/// (data 0.13...0.87 gives ticks 0, 0.2, ..., 1). Logarithmic ticks are the powers of ten
/// covering the data, the axis widened to whole decades. Categorical axes label integer
/// positions 0, 1, ... with names (bar charts).
public struct Axis: Sendable {
  public var label: String
  /// The unit, shown in parentheses after the label; nil for dimensionless quantities.
  public var unit: String?
  public var isLogarithmic: Bool
  /// A fixed domain instead of one fitted to the data (still widened to nice ticks).
  public var range: ClosedRange<Double>?
  /// Names of integer positions 0, 1, ... (bar charts); replaces the numeric ticks.
  public var categories: [String]?
  /// Ticks only at whole numbers (indices, epochs): the step is at least 1.
  public var integerTicks: Bool

  public init(
    _ label: String, unit: String? = nil, logarithmic: Bool = false,
    range: ClosedRange<Double>? = nil, categories: [String]? = nil, integerTicks: Bool = false
  ) {
    self.integerTicks = integerTicks
    self.label = label
    self.unit = unit
    self.isLogarithmic = logarithmic
    self.range = range
    self.categories = categories
  }

  /// The axis title: `label (unit)`.
  public var title: String { unit.map { "\(label) (\($0))" } ?? label }

  /// The step of nice linear ticks for data spanning `low...high`: 1, 2 or 5 times a power
  /// of ten, the smallest such step giving at most about `targetTicks` intervals.
  public static func niceStep(
    _ low: Double, _ high: Double, targetTicks: Int = 5, minimumStep: Double = 0
  ) -> Double {
    let span = high - low
    guard span > 0, span.isFinite else { return max(1, minimumStep) }
    let raw = span / Double(max(1, targetTicks))
    let magnitude = pow(10, (log10(raw)).rounded(.down))
    let fraction = raw / magnitude
    let factor: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
    return max(factor * magnitude, minimumStep)
  }

  /// Nice linear ticks covering `low...high`: whole multiples of ``niceStep(_:_:targetTicks:)``
  /// from the last one at or below `low` to the first at or above `high`. An empty span
  /// (`low == high`) is widened by one on each side (by 10% of |low| when that is larger).
  /// `minimumStep` bounds the step from below (1 for whole-number ticks).
  public static func niceTicks(
    _ low: Double, _ high: Double, targetTicks: Int = 5, minimumStep: Double = 0
  ) -> [Double] {
    var (low, high) = (low, high)
    if high <= low {
      let pad = max(1, abs(low) * 0.1)
      (low, high) = (low - pad, high + pad)
    }
    let step = niceStep(low, high, targetTicks: targetTicks, minimumStep: minimumStep)
    // Tolerate rounding in the data (0.30000000000000004 is on the tick 0.3).
    let first = (low / step + 1e-9).rounded(.down)
    let last = (high / step - 1e-9).rounded(.up)
    return stride(from: first, through: last, by: 1).map { k in
      let value = k * step
      return abs(value) < step * 1e-9 ? 0 : value
    }
  }

  /// Powers of ten covering `low...high` (both > 0): from the decade at or below `low` to the
  /// one at or above `high`, at least two.
  public static func logTicks(_ low: Double, _ high: Double) -> [Double] {
    let first = (log10(low) + 1e-9).rounded(.down)
    var last = (log10(high) - 1e-9).rounded(.up)
    if last <= first { last = first + 1 }
    return stride(from: first, through: last, by: 1).map { pow(10, $0) }
  }

  /// The ticks for data with finite values `values` (positive ones only on a log axis).
  public func ticks(for values: [Double]) -> [Double] {
    if let categories { return categories.indices.map(Double.init) }
    let usable = values.filter { $0.isFinite && (!isLogarithmic || $0 > 0) }
    var low = usable.min()
    var high = usable.max()
    if let range {
      low = range.lowerBound
      high = range.upperBound
    }
    if isLogarithmic {
      return Self.logTicks(low ?? 1, high ?? 10)
    }
    return Self.niceTicks(low ?? 0, high ?? 1, minimumStep: integerTicks ? 1 : 0)
  }

  /// The text of tick `value` among `ticks`: as many decimals as the step needs, powers of
  /// ten as `1e-5` outside 0.001...1000, category names on categorical axes.
  public func tickLabel(_ value: Double, ticks: [Double]) -> String {
    if let categories {
      let index = Int(value.rounded())
      return categories.indices.contains(index) ? categories[index] : ""
    }
    if isLogarithmic {
      let exponent = Int(log10(value).rounded())
      if (-3...3).contains(exponent) {
        return String(format: "%.\(max(0, -exponent))f", value)
      }
      return "1e\(exponent)"
    }
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
    let decimals = max(0, Int((-log10(step) - 1e-9).rounded(.up)))
    let text = String(format: "%.\(decimals)f", value)
    return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
  }
}
