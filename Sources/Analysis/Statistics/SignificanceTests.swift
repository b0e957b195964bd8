import RealModule

/// One-sided tests that one sample's mean exceeds another's (thesis Table 4.1).
///
/// Both use the standard error of the difference of means
/// `V = sqrt(var_a / n_a + var_b / n_b)` with sample variances (n - 1): the thesis's
/// "Variance" column is this V.
public enum SignificanceTests {
  /// The result of a comparison of `a` against `b` (H1: mean a > mean b).
  public struct Comparison: Codable, Equatable, Sendable {
    /// `mean(a) - mean(b)`.
    public var difference: Double
    /// V, the standard error of the difference.
    public var standardError: Double
    /// The authors' z-test: `1 - Phi(difference / V)`.
    public var zTestP: Double
    /// Welch's statistic `difference / V` (the same ratio as the z-test's).
    public var welchT: Double
    /// Welch-Satterthwaite degrees of freedom.
    public var welchDegreesOfFreedom: Double
    /// `P(T_df > t)` for Student's t with those degrees of freedom.
    public var welchP: Double
  }

  /// Compares `a` with `b`. Each needs at least two values; with V = 0 the p-values are 0 or
  /// 1 by the sign of the difference (0.5 when it is 0 too).
  public static func compare(_ a: [Double], _ b: [Double]) -> Comparison {
    precondition(a.count >= 2 && b.count >= 2, "each sample needs two values")
    let (ma, va) = meanAndVariance(a)
    let (mb, vb) = meanAndVariance(b)
    let qa = va / Double(a.count)
    let qb = vb / Double(b.count)
    let se = (qa + qb).squareRoot()
    let d = ma - mb
    let df = (qa + qb) * (qa + qb) / (qa * qa / Double(a.count - 1) + qb * qb / Double(b.count - 1))
    guard se > 0 else {
      let p = d > 0 ? 0.0 : (d < 0 ? 1 : 0.5)
      return Comparison(
        difference: d, standardError: 0, zTestP: p, welchT: d == 0 ? 0 : d * .infinity,
        welchDegreesOfFreedom: .nan, welchP: p)
    }
    let t = d / se
    return Comparison(
      difference: d, standardError: se, zTestP: zTestP(difference: d, standardError: se),
      welchT: t, welchDegreesOfFreedom: df, welchP: studentUpperTail(t, degreesOfFreedom: df))
  }

  /// `1 - Phi(d / V)`, the one-sided p-value of the z-test.
  public static func zTestP(difference d: Double, standardError v: Double) -> Double {
    0.5 * Double.erfc(d / v / 2.0.squareRoot())
  }

  /// `P(T > t)` for Student's t with `df > 0` degrees of freedom:
  /// `I_x(df/2, 1/2) / 2` with `x = df / (df + t^2)` for `t >= 0`, by symmetry otherwise.
  public static func studentUpperTail(_ t: Double, degreesOfFreedom df: Double) -> Double {
    let half = 0.5 * regularizedIncompleteBeta(df / (df + t * t), a: df / 2, b: 0.5)
    return t >= 0 ? half : 1 - half
  }

  /// The regularized incomplete beta function `I_x(a, b)` for `0 <= x <= 1`, `a, b > 0`,
  /// by its continued fraction (modified Lentz), using `I_x(a,b) = 1 - I_{1-x}(b,a)` where
  /// that converges faster; about 1e-14 relative accuracy.
  public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(1 - x, a: b, b: a) }
    let logFront =
      Double.logGamma(a + b) - Double.logGamma(a) - Double.logGamma(b) + a * Double.log(x)
      + b * Double.log(1 - x)
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var f = d
    for m in 1...500 {
      let m2 = Double(2 * m)
      let dm = Double(m)
      // Even step d_{2m}, then odd step d_{2m+1} of the continued fraction.
      for numerator in [
        dm * (b - dm) * x / ((a + m2 - 1) * (a + m2)),
        -(a + dm) * (a + b + dm) * x / ((a + m2) * (a + m2 + 1)),
      ] {
        d = 1 + numerator * d
        if abs(d) < tiny { d = tiny }
        c = 1 + numerator / c
        if abs(c) < tiny { c = tiny }
        d = 1 / d
        f *= d * c
      }
      if abs(d * c - 1) < 1e-15 { break }
    }
    return Double.exp(logFront) * f / a
  }

  /// Mean and sample variance (n - 1).
  static func meanAndVariance(_ x: [Double]) -> (mean: Double, variance: Double) {
    let mean = x.reduce(0, +) / Double(x.count)
    let ss = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, ss / Double(x.count - 1))
  }
}
