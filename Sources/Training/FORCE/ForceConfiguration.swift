/// Every setting of one FORCE run (training, free runs, spectrum), echoed in `force.json`.
///
/// Defaults follow the thesis's study (Table A1) and the authors' code: N = 512, density
/// 0.1, dt = 0.1 s, tau = 1 s, learning every 2 steps, `P0 = I`, 15 epochs of the target's
/// period, one test period, spectra from 10 starts x 200 steps with QR every step.
public struct ForceConfiguration: Codable, Equatable, Sendable {
  /// What the network learns.
  public enum Target: Codable, Equatable, Sendable {
    /// ``ForceTarget/fourSine(seed:frequencies:amplitudes:samples:dt:)`` with integer
    /// ranges `[lower, upper]` (inclusive); one period is `120 / dt` samples.
    case fourSine(seed: UInt64, frequencies: [Int], amplitudes: [Int])
    /// A `[T]` or `[T, D]` `.npy` file; one epoch is its T samples.
    case file(path: String)
  }

  /// Units N.
  public var size: Int = 512
  /// The gain g.
  public var gain: Double = 1.5
  /// Connection probability of J (1 for dense).
  public var density: Double = 0.1
  /// Integration step dt in seconds.
  public var dt: Double = 0.1
  /// Time constant tau in seconds; the Euler step is `h = dt / tau`.
  public var tau: Double = 1
  /// RLS update every this many steps.
  public var learnEvery: Int = 2
  /// alpha of `P0 = I / alpha`.
  public var regularization: Double = 1
  /// Training epochs (periods of the target), run as one continuous simulation.
  public var epochs: Int = 15
  /// Periods of each free (learning-off) run after an epoch.
  public var testEpochs: Int = 1
  /// Seed of J, w_f, x0, z0 and the spectrum starts.
  public var seed: UInt64 = 0
  /// The target.
  public var target: Target = .fourSine(seed: 0, frequencies: [1, 5], amplitudes: [1, 10])
  /// Spectrum starts drawn from the last free run.
  public var starts: Int = 10
  /// Steps of each spectrum trajectory (QR every step, no warmup).
  public var spectrumSteps: Int = 200
  /// Leading exponents to compute; nil for all N.
  public var exponents: Int?
  /// Threads over which the spectrum starts are spread (BLAS runs single-threaded).
  public var threads: Int = 1

  public init() {}

  /// The Euler step `h = dt / tau`.
  public var step: Double { dt / tau }

  /// Samples in one period of the four-sine target at this dt (its 120 s period).
  public var fourSineSamples: Int { Int((120 / dt).rounded()) }

  /// Checks every setting.
  /// - Throws: ``ForceError/invalidOption(name:value:hint:)`` naming the first bad value.
  public func validate() throws {
    func fail(_ name: String, _ value: Any, _ hint: String) -> ForceError {
      .invalidOption(name: name, value: "\(value)", hint: hint)
    }
    guard size >= 1 else { throw fail("size", size, "need at least one unit") }
    guard gain.isFinite && gain >= 0 else {
      throw fail("gain", gain, "use a finite, non-negative gain such as 1.5")
    }
    guard density > 0 && density <= 1 else {
      throw fail("density", density, "a connection probability in (0, 1], e.g. 0.1; 1 is dense")
    }
    guard dt > 0 && dt.isFinite else { throw fail("dt", dt, "use a positive step, e.g. 0.1") }
    guard tau > 0 && tau.isFinite else { throw fail("tau", tau, "use a positive time constant") }
    guard step <= 1 else {
      throw fail("dt / tau", "\(dt) / \(tau)", "the Euler step must not exceed 1; shorten dt")
    }
    guard learnEvery >= 1 else { throw fail("learnEvery", learnEvery, "use 1 or more") }
    guard regularization > 0 && regularization.isFinite else {
      throw fail("regularization", regularization, "must be positive, e.g. 1")
    }
    guard epochs >= 1 else { throw fail("epochs", epochs, "train for at least one epoch") }
    guard testEpochs >= 1 else { throw fail("testEpochs", testEpochs, "use at least one") }
    guard starts >= 1 else { throw fail("starts", starts, "the spectrum needs at least one") }
    guard spectrumSteps >= 1 else {
      throw fail("spectrumSteps", spectrumSteps, "use at least one step")
    }
    guard threads >= 1 else { throw fail("threads", threads, "use at least 1") }
    if let k = exponents, k < 1 || k > size {
      throw fail("exponents", k, "must be between 1 and the size \(size)")
    }
    if case .fourSine(_, let f, let a) = target {
      for (name, range) in [("frequencies", f), ("amplitudes", a)] {
        guard range.count == 2, range[0] >= 1, range[0] <= range[1] else {
          throw fail(name, range, "give [lower, upper] with 1 <= lower <= upper")
        }
      }
      guard fourSineSamples >= 1 else {
        throw fail("dt", dt, "one 120 s period must hold at least one sample")
      }
    }
  }
}
