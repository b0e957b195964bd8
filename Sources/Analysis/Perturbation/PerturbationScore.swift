/// How the steps of a sequence are ranked for R-guided perturbations (thesis Algorithm 3).
public enum PerturbationScore: Equatable, Sendable, CustomStringConvertible {
  /// `log R_1` at the step: the growth of the leading tangent direction.
  case r1
  /// The mean of `log R_ii` over the first n diagonal values at the step (`mean:1` is `r1`).
  case meanLogR(Int)

  /// Parses `r1` or `mean:N` (N >= 1); nil otherwise.
  public init?(_ text: String) {
    if text == "r1" {
      self = .r1
      return
    }
    guard text.hasPrefix("mean:"), let n = Int(text.dropFirst(5)), n >= 1 else { return nil }
    self = .meanLogR(n)
  }

  /// Leading diagonal values of R the score reads (the QR's column count).
  public var columns: Int {
    switch self {
    case .r1: return 1
    case .meanLogR(let n): return n
    }
  }

  public var description: String {
    switch self {
    case .r1: return "r1"
    case .meanLogR(let n): return "mean:\(n)"
    }
  }

  /// The score of every step from the QR factors (only the first ``columns`` are read).
  public func scores(_ record: QRFactorRecord) -> [Double] {
    let n = columns
    return record.r.indices.map { t in
      (0..<n).map { record.logR(step: t, index: $0) }.reduce(0, +) / Double(n)
    }
  }
}
