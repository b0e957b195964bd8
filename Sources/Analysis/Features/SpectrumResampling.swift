/// Resampling a spectrum of k exponents to a common length L, so that networks of
/// different sizes share one model.
///
/// - ``linear``: value at the normalized index `u = j / (L - 1)` (j = 0 ..< L), linearly
///   interpolated between the exponents at `i / (k - 1)`. A spectrum linear in its index
///   is reproduced exactly; the first and last exponents are kept. The thesis uses L = 1024.
/// - ``midpointDoubling``: the authors' scheme, inserting the midpoint between each pair of
///   neighbours (k -> 2k - 1) until the length reaches L; the result is then taken at L
///   evenly spaced positions `round(j (m - 1) / (L - 1))` of the m values (the thesis does
///   not say how the authors cut the doubled spectrum to L; this keeps both ends).
/// A spectrum of one exponent becomes L copies of it. Exponents must be finite (replace
/// infinite ones first, see ``SpectrumPopulation``).
public enum SpectrumResampling: Codable, Equatable, Sendable {
  case linear(length: Int)
  case midpointDoubling(length: Int)

  /// The thesis's default: linear interpolation to 1024 exponents.
  public static let thesis = SpectrumResampling.linear(length: 1024)

  public var length: Int {
    switch self {
    case .linear(let length), .midpointDoubling(let length): length
    }
  }

  /// `spectrum` resampled to ``length`` values.
  public func resample(_ spectrum: [Double]) -> [Double] {
    let target = length
    precondition(target >= 1 && !spectrum.isEmpty, "resampling needs values and a length")
    if spectrum.count == 1 { return [Double](repeating: spectrum[0], count: target) }
    switch self {
    case .linear:
      return Self.interpolate(spectrum, to: target)
    case .midpointDoubling:
      var values = spectrum
      while values.count < target { values = Self.doubled(values) }
      if values.count == target { return values }
      let last = Double(values.count - 1)
      return (0..<target).map { j in
        let position = target == 1 ? 0 : Double(j) * last / Double(target - 1)
        return values[Int(position.rounded())]
      }
    }
  }

  /// One midpoint doubling: `[a, (a+b)/2, b, (b+c)/2, c, ...]`, 2k - 1 values.
  public static func doubled(_ values: [Double]) -> [Double] {
    var out: [Double] = []
    out.reserveCapacity(2 * values.count - 1)
    for i in values.indices {
      if i > 0 { out.append((values[i - 1] + values[i]) / 2) }
      out.append(values[i])
    }
    return out
  }

  static func interpolate(_ values: [Double], to target: Int) -> [Double] {
    let k = values.count
    if target == 1 { return [values[0]] }
    return (0..<target).map { j in
      // The position on the source index scale (0 ... k-1) of normalized index j / (L-1).
      let position = Double(j) * Double(k - 1) / Double(target - 1)
      let low = min(Int(position.rounded(.down)), k - 2)
      let fraction = position - Double(low)
      return values[low] + fraction * (values[low + 1] - values[low])
    }
  }
}
