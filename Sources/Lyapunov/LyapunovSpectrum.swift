/// The result of a ``LyapunovEstimator`` run.
///
/// Exponents are in QR column order (not sorted), in nats per step for maps or nats per
/// unit time for flows (``units``). Per-trajectory arrays are indexed `[trajectory][i]`.
///
/// An exponent is -infinity where its direction was annihilated (see ``collapses`` and
/// ``LyapunovEstimator``); the batch mean is then -infinity too, and the batch standard
/// deviation of that exponent is +infinity (undefined). JSON has no infinities: encode with a
/// non-conforming float strategy, or map them to null as `lyap` does.
public struct LyapunovSpectrum: Codable, Equatable, Sendable {
  /// The first accumulation step (0-based, after warmup) at which direction `exponent` of
  /// trajectory `trajectory` was annihilated: its exponent is -infinity.
  public struct Collapse: Codable, Equatable, Sendable {
    public var trajectory: Int
    public var exponent: Int
    public var step: Int

    public init(trajectory: Int, exponent: Int, step: Int) {
      self.trajectory = trajectory
      self.exponent = exponent
      self.step = step
    }
  }

  /// Exponents of each trajectory, `[B][k]`.
  public var perTrajectory: [[Double]]
  /// The mean over the batch, `[k]`.
  public var exponents: [Double]
  /// The standard deviation over the batch (population, divisor B), `[k]`; +infinity
  /// (undefined) where an exponent is infinite in some trajectory.
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
  /// The annihilated directions, ordered by trajectory and exponent.
  public var collapses: [Collapse]

  /// Builds the result and its mean, deviation and statistics from per-trajectory spectra.
  public init(
    perTrajectory: [[Double]], units: String, qrSteps: [Int], rDiagonals: [[[Double]]]?,
    ftleTraces: [[[Double]]]?, qFrames: [[[Double]]]?, qFrameSteps: [Int],
    collapses: [Collapse] = []
  ) {
    let b = Double(perTrajectory.count)
    let k = perTrajectory.first?.count ?? 0
    let mean = (0..<k).map { i in perTrajectory.reduce(0) { $0 + $1[i] } / b }
    let std = (0..<k).map { i in
      guard mean[i].isFinite else { return Double.infinity }
      return (perTrajectory.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[i] - mean[i]) } / b)
        .squareRoot()
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
    self.collapses = collapses.sorted {
      ($0.trajectory, $0.exponent) < ($1.trajectory, $1.exponent)
    }
  }
}
