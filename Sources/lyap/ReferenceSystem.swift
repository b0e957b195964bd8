import ArgumentParser
import LinearAlgebra
import Lyapunov

/// The built-in reference systems of `lyap spectrum --system`.
enum ReferenceSystem: String, ExpressibleByArgument, CaseIterable, Codable {
  case henon
  case logistic
  case lorenz
  case gaussianProducts = "gaussian-products"
  case diagonal

  /// Steps and warmup used when the user gives none: long enough for two-to-three-digit
  /// accuracy of the published values.
  var defaultLengths: (steps: Int, warmup: Int) {
    switch self {
    case .henon, .logistic: return (100_000, 1000)
    case .lorenz: return (100_000, 2000)
    case .gaussianProducts: return (20_000, 0)
    case .diagonal: return (1000, 0)
    }
  }
}

/// Options that define a reference system.
struct SystemOptions: ParsableArguments {
  @Option(
    help: "Reference system: \(ReferenceSystem.allCases.map(\.rawValue).joined(separator: ", ")).")
  var system: ReferenceSystem?

  @Option(
    parsing: .unconditional,
    help:
      "Time step: Lorenz integration step (default 0.01), or a network's dt (coRNN, Lipschitz, Noisy RNN, LEM)."
  )
  var dt: Double?

  /// The Lorenz integration step.
  var lorenzStep: Double { dt ?? 0.01 }

  // The system parameters are optional so that one given to a system that does not read
  // it (or with --model) is refused instead of ignored; the defaults are applied below.
  @Option(
    name: .customLong("rho"), parsing: .unconditional,
    help: "Lorenz: the parameter rho (default 28; sigma = 10, beta = 8/3).")
  var givenRho: Double?
  @Option(
    name: .customLong("dimension"), parsing: .unconditional,
    help: "Gaussian products: matrix size N (default 8).")
  var givenDimension: Int?
  @Option(
    name: .customLong("scale"), parsing: .unconditional,
    help: "Gaussian products: standard deviation s of the entries (default 1).")
  var givenScale: Double?
  @Option(
    name: .customLong("diagonal"), parsing: .upToNextOption,
    help: "Diagonal map: the diagonal entries (default 1.1 0.8).")
  var givenDiagonal: [Double] = []

  var rho: Double { givenRho ?? 28 }
  var dimension: Int { givenDimension ?? 8 }
  var scale: Double { givenScale ?? 1 }
  var diagonal: [Double] { givenDiagonal.isEmpty ? [1.1, 0.8] : givenDiagonal }

  /// Refuses a system parameter that `system` does not read (all of them for `--model`,
  /// `system` nil; there `--dt` is the network's time step).
  func checkApplies(to system: ReferenceSystem?) throws {
    let given: [(option: String, readBy: ReferenceSystem, isGiven: Bool)] = [
      ("--rho", .lorenz, givenRho != nil),
      ("--dimension", .gaussianProducts, givenDimension != nil),
      ("--scale", .gaussianProducts, givenScale != nil),
      ("--diagonal", .diagonal, !givenDiagonal.isEmpty),
    ]
    for (option, readBy, isGiven) in given where isGiven && readBy != system {
      throw CLIError("\(option) applies to --system \(readBy.rawValue) only; drop it")
    }
    if let system, system != .lorenz, dt != nil {
      throw CLIError(
        "--dt applies to --system lorenz and to networks with a time step; drop it for \(system.rawValue)"
      )
    }
  }

  /// Checks the options that the chosen system reads.
  func validate(_ system: ReferenceSystem) throws {
    switch system {
    case .lorenz:
      guard lorenzStep > 0 && lorenzStep.isFinite else {
        throw CLIError("invalid --dt \(lorenzStep): the time step must be positive (e.g. 0.01)")
      }
      guard rho.isFinite else { throw CLIError("invalid --rho \(rho): must be a finite number") }
    case .gaussianProducts:
      guard dimension >= 1 && dimension <= 8192 else {
        throw CLIError(
          "invalid --dimension \(dimension): the matrix size must lie between 1 and 8192")
      }
      guard scale > 0 && scale.isFinite else {
        throw CLIError("invalid --scale \(scale): the entry standard deviation must be positive")
      }
    case .diagonal:
      guard !diagonal.isEmpty, diagonal.allSatisfy(\.isFinite) else {
        throw CLIError("invalid --diagonal \(diagonal): give one or more finite numbers")
      }
    case .henon, .logistic:
      break
    }
  }

  /// A one-line description with the parameters in force.
  func describe(_ system: ReferenceSystem) -> String {
    switch system {
    case .henon: return "Hénon map (a = 1.4, b = 0.3)"
    case .logistic: return "logistic map (r = 4)"
    case .lorenz:
      return "Lorenz flow (sigma = 10, rho = \(rho), beta = 8/3, RK4 dt = \(lorenzStep))"
    case .gaussianProducts:
      return "products of \(dimension) x \(dimension) Gaussian matrices (entry std \(scale))"
    case .diagonal:
      return "diagonal linear map diag(\(diagonal.map { "\($0)" }.joined(separator: ", ")))"
    }
  }

  /// Runs the estimator on `system` in precision `S`.
  func spectrum<S: BLASScalar>(
    _ system: ReferenceSystem, seed: UInt64, estimator: LyapunovEstimator, as: S.Type,
    progress: (@Sendable (Int, Int) -> Void)?
  ) throws -> LyapunovSpectrum {
    switch system {
    case .henon:
      return try estimator.run(HenonMap<S>(seed: seed), progress: progress)
    case .logistic:
      return try estimator.run(LogisticMap<S>(seed: seed), progress: progress)
    case .lorenz:
      return try estimator.run(
        LorenzFlow<S>(rho: S(rho), dt: S(lorenzStep), seed: seed), progress: progress)
    case .gaussianProducts:
      return try estimator.run(
        GaussianProductMap<S>(dimension: dimension, scale: S(scale), seed: seed),
        progress: progress)
    case .diagonal:
      return try estimator.run(
        DiagonalLinearMap<S>(diagonal: diagonal.map { S($0) }), progress: progress)
    }
  }
}
