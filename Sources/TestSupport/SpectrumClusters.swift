/// Comparison of Lyapunov spectra that is robust to near-degenerate exponents.
///
/// Two exponents whose finite-time values nearly coincide split the sum they share in a way
/// that rounding decides: a different BLAS kernel or precision moves them apart in opposite
/// directions while their sum stays put (the sum is the growth rate of the area spanned by
/// both directions, which is well conditioned). Comparisons therefore group such exponents into
/// clusters and compare each cluster's sum.
public enum SpectrumClusters {
  /// Maximal runs of consecutive exponents (in the given order, QR column order for
  /// estimator output) whose neighbours differ by less than `gap`.
  ///
  /// - Returns: index ranges covering `0..<spectrum.count` in order; an isolated exponent is
  ///   a cluster of one.
  public static func clusters(_ spectrum: [Double], gap: Double) -> [Range<Int>] {
    guard !spectrum.isEmpty else { return [] }
    var result: [Range<Int>] = []
    var start = 0
    for i in 1..<spectrum.count where abs(spectrum[i] - spectrum[i - 1]) >= gap {
      result.append(start..<i)
      start = i
    }
    result.append(start..<spectrum.count)
    return result
  }

  /// The sum of `spectrum` over each range of `clusters`.
  public static func sums(_ spectrum: [Double], over clusters: [Range<Int>]) -> [Double] {
    clusters.map { range in range.reduce(0) { $0 + spectrum[$1] } }
  }

  /// The largest deviation of each cluster sum over several perturbed runs from the
  /// unperturbed run: the measured sensitivity of that sum.
  ///
  /// - Parameters:
  ///   - base: the unperturbed spectrum.
  ///   - perturbed: spectra of the same system under small perturbations.
  public static func sensitivity(
    base: [Double], perturbed: [[Double]], clusters: [Range<Int>]
  ) -> [Double] {
    let reference = sums(base, over: clusters)
    return perturbed.reduce(into: [Double](repeating: 0, count: clusters.count)) { worst, run in
      for (c, s) in sums(run, over: clusters).enumerated() {
        worst[c] = max(worst[c], abs(s - reference[c]))
      }
    }
  }
}
