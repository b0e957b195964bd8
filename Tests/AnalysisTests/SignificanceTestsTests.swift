import Analysis
import RealModule
import Testing

/// The z-test and Welch's t-test against the thesis's table, closed forms and SciPy.
@Suite struct SignificanceTestsTests {
  /// Table 4.1 at k = 100: difference 1.050, V 0.530, p = 0.024.
  @Test func zTestReproducesTable41() {
    let p = SignificanceTests.zTestP(difference: 1.050, standardError: 0.530)
    #expect(abs(p - 0.024) < 0.0005)
    // scipy.stats.norm.sf(1.050 / 0.530), computed once with SciPy 1.17.1.
    #expect(abs(p - 0.023788232028954026) < 1e-13)
  }

  /// Student's t tail against closed forms: df = 1 (Cauchy) `1/2 - atan(t)/pi`, df = 2
  /// `1/2 - t / (2 sqrt(2 + t^2))`; and against SciPy at non-integer df.
  @Test func studentTail() {
    for t in [-3.0, -0.5, 0, 0.3, 1, 2.5, 12.706] {
      let cauchy = 0.5 - Double.atan(t) / Double.pi
      #expect(abs(SignificanceTests.studentUpperTail(t, degreesOfFreedom: 1) - cauchy) < 1e-13)
      let two = 0.5 - t / (2 * (2 + t * t).squareRoot())
      #expect(abs(SignificanceTests.studentUpperTail(t, degreesOfFreedom: 2) - two) < 1e-13)
    }
    // scipy.stats.t.sf(1.5, 7.3), t.sf(-0.8, 3.5), t.sf(4.0, 30.0) with SciPy 1.17.1.
    #expect(
      abs(SignificanceTests.studentUpperTail(1.5, degreesOfFreedom: 7.3) - 0.08778154640154305)
        < 1e-12)
    #expect(
      abs(SignificanceTests.studentUpperTail(-0.8, degreesOfFreedom: 3.5) - 0.762767211652674)
        < 1e-12)
    #expect(
      abs(SignificanceTests.studentUpperTail(4.0, degreesOfFreedom: 30) - 0.0001909228180418782)
        < 1e-14)
  }

  /// Welch's test against `scipy.stats.ttest_ind(a, b, equal_var=False, alternative="greater")`
  /// (SciPy 1.17.1, values pasted): t = 3.0882031378702273, df = 7.848720495138671,
  /// p = 0.00764092285058864.
  @Test func welchMatchesSciPy() {
    let a = [0.9, 1.4, 0.3, 2.2, 1.1, 0.7, 1.8]
    let b = [0.2, 0.5, -0.1, 0.9, 0.4, 0.3, 0.0, 0.6, 0.1, 0.8, 0.5]
    let c = SignificanceTests.compare(a, b)
    #expect(abs(c.welchT - 3.0882031378702273) < 1e-12)
    #expect(abs(c.welchDegreesOfFreedom - 7.848720495138671) < 1e-11)
    #expect(abs(c.welchP - 0.00764092285058864) < 1e-13)
    // The z-test uses the same ratio with the normal tail.
    #expect(abs(c.zTestP - 0.5 * Double.erfc(c.welchT / 2.0.squareRoot())) < 1e-15)
    #expect(abs(c.difference - (8.4 / 7 - 4.2 / 11)) < 1e-14)
  }
}
