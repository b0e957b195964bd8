/// Two participation ratios of a matrix's singular values `s_i` (thesis section 4.2).
///
/// * ``thesis``: `P = sum s_i^2 / (sum s_i)^2`, as the thesis defines it: 1 when one
///   singular value carries everything, `1/N` when all N are equal.
/// * ``normalized``: the usual `(sum s_i)^2 / sum s_i^2`, divided by N: the fraction of
///   directions in use, `1/N` for rank one and 1 when all are equal (it is `1 / (N P)`).
///
/// A zero matrix has neither; both are NaN then.
public struct ParticipationRatio: Codable, Equatable, Sendable {
  public var thesis: Double
  public var normalized: Double

  /// The ratios of `singularValues` (non-negative; N = their count).
  public init(singularValues s: [Double]) {
    let sum = s.reduce(0, +)
    let squares = s.reduce(0) { $0 + $1 * $1 }
    guard sum > 0 else {
      thesis = .nan
      normalized = .nan
      return
    }
    thesis = squares / (sum * sum)
    normalized = sum * sum / squares / Double(s.count)
  }

  public init(thesis: Double, normalized: Double) {
    self.thesis = thesis
    self.normalized = normalized
  }
}
