import Foundation

/// Maps data values to pixels along one axis, linearly or by log10.
///
/// `pixel(v) = pixelStart + (f(v) - f(low)) / (f(high) - f(low)) * (pixelEnd - pixelStart)`,
/// with `f` the identity or log10. For the y axis `pixelStart` is the bottom of the plot
/// area (SVG y grows downwards).
public struct Scale: Sendable {
  public var low: Double
  public var high: Double
  public var pixelStart: Double
  public var pixelEnd: Double
  public var isLogarithmic: Bool

  public init(
    low: Double, high: Double, pixelStart: Double, pixelEnd: Double, logarithmic: Bool = false
  ) {
    self.low = low
    self.high = high
    self.pixelStart = pixelStart
    self.pixelEnd = pixelEnd
    self.isLogarithmic = logarithmic
  }

  func transform(_ value: Double) -> Double { isLogarithmic ? log10(value) : value }

  /// The pixel of `value`; nil when it cannot be drawn (NaN, infinite, or <= 0 on a log axis).
  public func pixel(_ value: Double) -> Double? {
    guard value.isFinite, !isLogarithmic || value > 0 else { return nil }
    let a = transform(low)
    let b = transform(high)
    guard b != a else { return (pixelStart + pixelEnd) / 2 }
    return pixelStart + (transform(value) - a) / (b - a) * (pixelEnd - pixelStart)
  }

  /// The pixel at the low end of the axis: where -infinity values are drawn.
  public var floor: Double { pixelStart }
}
