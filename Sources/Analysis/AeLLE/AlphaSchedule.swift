/// The weight `alpha` of AeLLE's prediction loss through training.
///
/// - ``ramp(maximum:)``: for E epochs, 0 (reconstruction only) during the first third
///   (epochs `e < E/3`, 0-based), then rising linearly to `maximum` over the second third
///   (`alpha = maximum * (e - E/3) / (E/3)`), then `maximum`.
/// - ``stages(_:)``: the authors' list of per-stage weights: the epochs are cut into as many
///   equal stages as there are values, stage s using `values[s]`.
public enum AlphaSchedule: Codable, Equatable, Sendable {
  case ramp(maximum: Double)
  case stages([Double])

  /// The weight for 0-based `epoch` of `epochs`.
  public func alpha(epoch: Int, of epochs: Int) -> Double {
    let fraction = Double(epoch) / Double(max(1, epochs))
    switch self {
    case .ramp(let maximum):
      if fraction < 1.0 / 3 { return 0 }
      if fraction >= 2.0 / 3 { return maximum }
      return maximum * (fraction - 1.0 / 3) * 3
    case .stages(let values):
      guard !values.isEmpty else { return 0 }
      return values[min(values.count - 1, Int(fraction * Double(values.count)))]
    }
  }

  /// The largest weight used.
  public var maximum: Double {
    switch self {
    case .ramp(let maximum): maximum
    case .stages(let values): values.max() ?? 0
    }
  }
}
