/// The result of a ``LyapunovEstimator`` run.
///
/// Exponents are in QR column order (not sorted), in nats per step for maps or nats per
/// unit time for flows (``units``). Per-trajectory arrays are indexed `[trajectory][i]`.
public struct LyapunovSpectrum: Codable, Equatable, Sendable {
  /// Exponents of each trajectory, `[B][k]`.
  public var perTrajectory: [[Double]]
  /// The mean over the batch, `[k]`.
  public var exponents: [Double]
  /// The standard deviation over the batch (population, divisor B), `[k]`.
  public var standardDeviation: [Double]
  /// Statistics of ``exponents``.
  public var statistics: SpectrumStatistics
  /// "nats per step" or "nats per unit time".
  public var units: String
  /// Accumulation steps (0-based, after warmup) at which QR was taken, in order.
  public var qrSteps: [Int]
  /// `[qrStep][trajectory][i]`: the positive diagonal of R at each QR step (if recorded).
  public var rDiagonals: [[[Double]]]?
  /// `[qrStep][trajectory][i]`: running-mean exponents after each QR step (if recorded).
  public var ftleTraces: [[[Double]]]?
  /// `[requested step][trajectory]`: the n x k orthonormal frame, column-major (if requested).
  public var qFrames: [[[Double]]]?
  /// The steps of ``qFrames``.
  public var qFrameSteps: [Int]

  /// Builds the result and its mean, deviation and statistics from per-trajectory spectra.
  public init(
    perTrajectory: [[Double]], units: String, qrSteps: [Int], rDiagonals: [[[Double]]]?,
    ftleTraces: [[[Double]]]?, qFrames: [[[Double]]]?, qFrameSteps: [Int]
  ) {
    let b = Double(perTrajectory.count)
    let k = perTrajectory.first?.count ?? 0
    let mean = (0..<k).map { i in perTrajectory.reduce(0) { $0 + $1[i] } / b }
    let std = (0..<k).map { i in
      (perTrajectory.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[i] - mean[i]) } / b).squareRoot()
    }
    self.perTrajectory = perTrajectory
    self.exponents = mean
    self.standardDeviation = std
    self.statistics = SpectrumStatistics(mean)
    self.units = units
    self.qrSteps = qrSteps
    self.rDiagonals = rDiagonals
    self.ftleTraces = ftleTraces
    self.qFrames = qFrames
    self.qFrameSteps = qFrameSteps
  }
}
