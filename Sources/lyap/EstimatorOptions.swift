import ArgumentParser
import LinearAlgebra
import Lyapunov

/// Options of the QR algorithm shared by every spectrum source.
struct EstimatorOptions: ParsableArguments {
  @Option(
    parsing: .unconditional,
    help: "Steps over which exponents are accumulated (default depends on the system).")
  var steps: Int?

  @Option(
    parsing: .unconditional,
    help: "Steps run before accumulation starts (default depends on the system).")
  var warmup: Int?

  @Option(
    parsing: .unconditional,
    help: "Number of trajectories (input sequences) run together (default 1).")
  var batch: Int?

  @Option(
    parsing: .unconditional,
    help: "Re-orthonormalize every N steps (a QR is always taken at the last step).")
  var qrInterval: Int = 1

  @Option(
    parsing: .unconditional, help: "Number of leading exponents k (default: the full spectrum).")
  var exponents: Int?

  @Option(
    parsing: .unconditional, help: "Seed for initial states, random inputs and random matrices.")
  var seed: UInt64 = 0

  @Option(
    parsing: .unconditional,
    help: "Seed a random orthonormal initial frame Q0 instead of the identity columns.")
  var frameSeed: UInt64?

  @Option(parsing: .unconditional, help: "Threads over which the batch is spread.")
  var threads: Int = 2

  /// The largest step count or batch taken (far beyond any run that finishes).
  static let maxCount = 1 << 40

  /// Checks the counts before any arithmetic on them, naming the first bad one.
  func validate() throws {
    for (option, value, least) in [
      ("--steps", steps, 1), ("--warmup", warmup, 0), ("--batch", batch, 1),
      ("--qr-interval", Optional(qrInterval), 1), ("--exponents", exponents, 1),
      ("--threads", Optional(threads), 1),
    ] {
      guard let value else { continue }
      guard value >= least && value <= Self.maxCount else {
        throw CLIError(
          "invalid \(option) \(value): must lie between \(least) and \(Self.maxCount)")
      }
    }
  }

  /// The estimator configuration, with the system's default lengths where none was given.
  func configuration(
    defaultSteps: Int, defaultWarmup: Int, recordR: Bool, recordFTLE: Bool, qSteps: [Int] = []
  ) -> EstimatorConfiguration {
    EstimatorConfiguration(
      batch: batch ?? 1, steps: steps ?? defaultSteps, warmup: warmup ?? defaultWarmup,
      qrInterval: qrInterval, exponents: exponents,
      initialFrame: frameSeed.map { .random(seed: $0) } ?? .identity, recordR: recordR,
      recordFTLE: recordFTLE, qSteps: qSteps, threads: threads)
  }
}

extension EstimatorOptions {
  /// The resolved estimator settings, for the `configuration` object of reports.
  func resolved(_ config: EstimatorConfiguration, exponents: Int) -> [String: JSONValue] {
    [
      "steps": .int(config.steps), "warmup": .int(config.warmup), "batch": .int(config.batch),
      "qrInterval": .int(config.qrInterval), "exponents": .int(exponents),
      "seed": .int(Int(truncatingIfNeeded: seed)), "threads": .int(config.threads),
      "initialFrame": .string(frameSeed.map { "random(seed: \($0))" } ?? "identity"),
    ]
  }
}

extension Precision: ExpressibleByArgument {}
