import RealModule

/// Special functions used as analytic references in tests.
public enum SpecialFunctions {
  /// The Euler-Mascheroni constant.
  public static let eulerGamma = 0.577_215_664_901_532_860_6

  /// The digamma function at a positive integer or half-integer, from the exact recurrences
  /// `psi(n) = -gamma + sum_{j<n} 1/j` and `psi(n + 1/2) = -gamma - 2 ln 2 + sum_{j<=n} 2/(2j-1)`.
  public static func digamma(halfInteger x: Double) -> Double {
    precondition(x > 0 && (2 * x).rounded() == 2 * x, "x must be a positive multiple of 1/2")
    if x.rounded() == x {
      let n = Int(x)
      var sum = 0.0
      for j in 1..<max(1, n) { sum += 1 / Double(j) }
      return -eulerGamma + sum
    }
    let n = Int(x - 0.5)
    var sum = 0.0
    for j in 1...max(1, n) where j <= n { sum += 2 / Double(2 * j - 1) }
    let base: Double = -eulerGamma - 2 * Double.log(2.0)
    return base + sum
  }
}
