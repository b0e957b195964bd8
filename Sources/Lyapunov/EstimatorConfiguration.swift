/// How the ``LyapunovEstimator`` runs: batch, lengths, QR interval, number of exponents,
/// initial frame and what to record.
public struct EstimatorConfiguration: Codable, Equatable, Sendable {
  /// The initial tangent frame `Q_0`.
  public enum InitialFrame: Codable, Equatable, Sendable {
    /// The first k columns of the identity (the thesis's choice).
    case identity
    /// A random orthonormal n x k frame drawn from this seed (the same for every trajectory).
    case random(seed: UInt64)
  }

  /// Number of trajectories B run together.
  public var batch: Int
  /// Steps over which exponents are accumulated (after the warmup).
  public var steps: Int
  /// Steps run first with nothing accumulated; states and frames still evolve.
  public var warmup: Int
  /// Re-orthonormalize every this many steps (and always at the last step of each phase).
  public var qrInterval: Int
  /// Number of leading exponents k; `nil` means the full spectrum (k = n).
  public var exponents: Int?
  /// The initial frame.
  public var initialFrame: InitialFrame
  /// Keep the diagonal of R at every QR step (finite-time local growth rates).
  public var recordR: Bool
  /// Keep the running-mean exponents at every QR step (finite-time exponent traces).
  public var recordFTLE: Bool
  /// Accumulation steps (0-based, after warmup) at which to keep the orthonormal frame Q.
  /// Each must be a QR step: `(s + 1) % qrInterval == 0` or the last step.
  public var qSteps: [Int]
  /// Threads over which the batch is spread (BLAS runs single-threaded inside each).
  public var threads: Int
  /// BLAS threads inside each chunk of the batch; nil chooses: 1 whenever the batch is
  /// split over several threads or the map is small (n < 256), where OpenBLAS's threading
  /// costs more than it gains (measured: batch 1, n = 64, 1.8x slower with 2 BLAS threads);
  /// otherwise (one chunk, a large map) ``threads``.
  public var blasThreads: Int?

  public init(
    batch: Int = 1, steps: Int = 1000, warmup: Int = 0, qrInterval: Int = 1,
    exponents: Int? = nil, initialFrame: InitialFrame = .identity, recordR: Bool = false,
    recordFTLE: Bool = false, qSteps: [Int] = [], threads: Int = 2, blasThreads: Int? = nil
  ) {
    self.batch = batch
    self.steps = steps
    self.warmup = warmup
    self.qrInterval = qrInterval
    self.exponents = exponents
    self.initialFrame = initialFrame
    self.recordR = recordR
    self.recordFTLE = recordFTLE
    self.qSteps = qSteps
    self.threads = threads
    self.blasThreads = blasThreads
  }

  /// The BLAS threads a run over `chunks` chunks of a map of dimension `n` uses.
  public func blasThreads(chunks: Int, dimension n: Int) -> Int {
    blasThreads ?? (chunks > 1 || n < 256 ? 1 : threads)
  }

  /// True when accumulation step `s` (0-based) ends with a QR.
  public func isQRStep(_ s: Int) -> Bool {
    (s + 1) % qrInterval == 0 || s == steps - 1
  }

  /// The accumulation steps that end with a QR, in order.
  public var qrSteps: [Int] { (0..<steps).filter(isQRStep) }

  /// Checks every option against a system of dimension `dimension`.
  /// - Returns: the number of exponents k to compute.
  public func validated(dimension: Int) throws -> Int {
    func fail(_ name: String, _ value: Any, _ hint: String) -> LyapunovError {
      .invalidOption(name: name, value: "\(value)", hint: hint)
    }
    guard batch >= 1 else { throw fail("batch", batch, "need at least one trajectory") }
    guard steps >= 1 else { throw fail("steps", steps, "need at least one step") }
    guard warmup >= 0 else { throw fail("warmup", warmup, "use 0 for no warmup") }
    guard !warmup.addingReportingOverflow(steps).overflow else {
      throw fail("warmup + steps", "\(warmup) + \(steps)", "the total step count overflows")
    }
    guard qrInterval >= 1 else {
      throw fail("qr-interval", qrInterval, "re-orthonormalize at least every step (1)")
    }
    guard threads >= 1 else { throw fail("threads", threads, "use at least 1") }
    if let blasThreads, blasThreads < 1 {
      throw fail("BLAS threads", blasThreads, "use at least 1")
    }
    let k = exponents ?? dimension
    guard k >= 1 && k <= dimension else {
      throw fail("exponents", k, "must be between 1 and the state dimension \(dimension)")
    }
    for s in qSteps {
      guard s >= 0 && s < steps else {
        throw fail("q-steps", s, "must lie in 0..<\(steps) (steps after warmup)")
      }
      guard isQRStep(s) else {
        throw fail(
          "q-steps", s,
          "Q is orthonormal only at QR steps; use a step s with (s + 1) divisible by the QR interval \(qrInterval)"
        )
      }
    }
    try checkMemory(dimension: dimension, exponents: k)
    return k
  }
}
