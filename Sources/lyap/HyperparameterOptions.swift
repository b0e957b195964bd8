import ArgumentParser
import RecurrentNets

extension Architecture: ExpressibleByArgument {}
extension StateConvention: ExpressibleByArgument {}

/// Architecture hyperparameters; unset options keep the file's value or the published default.
struct HyperparameterOptions: ParsableArguments {
  @Option(
    parsing: .unconditional, help: "ASRNN step eps (default 0.01); coRNN damping eps (default 4.7)."
  )
  var eps: Double?
  @Option(
    parsing: .unconditional,
    help: "ASRNN diffusion gamma (default 0.01); coRNN restoring force gamma (default 2.7).")
  var gamma: Double?
  @Option(
    parsing: .unconditional, help: "Lipschitz/Noisy RNN skew-symmetric share beta (default 0.75).")
  var beta: Double?
  @Option(
    name: .customLong("gamma-a"), parsing: .unconditional,
    help: "Lipschitz/Noisy RNN diagonal shift of A (default 0.001).")
  var gammaA: Double?
  @Option(
    name: .customLong("gamma-w"), parsing: .unconditional,
    help: "Lipschitz/Noisy RNN diagonal shift of W (default 0.001).")
  var gammaW: Double?
  @Option(
    parsing: .unconditional, help: "Lipschitz/Noisy RNN weight of the linear term A h (default 1).")
  var alpha: Double?
  @Option(
    parsing: .unconditional,
    help: "Noisy RNN additive noise level (training only unless noise is switched on).")
  var noiseAdditive: Double?
  @Option(parsing: .unconditional, help: "Noisy RNN multiplicative noise level.")
  var noiseMultiplicative: Double?

  /// The hyperparameters, with `dt` (an option of its own, shared with the Lorenz flow).
  func hyperparameters(dt: Double?) -> Hyperparameters {
    Hyperparameters(
      eps: eps, gamma: gamma, dt: dt, beta: beta, gammaA: gammaA, gammaW: gammaW, alpha: alpha,
      noiseAdditive: noiseAdditive, noiseMultiplicative: noiseMultiplicative)
  }

  /// The command-line flag of hyperparameter `name` (`gammaA` is `--gamma-a`).
  static func flag(_ name: String) -> String {
    "--" + name.map { $0.isUppercase ? "-\($0.lowercased())" : "\($0)" }.joined()
  }

  /// Every given hyperparameter must be finite, and the time step `dt` positive.
  func validate(dt: Double?) throws {
    for (name, value) in hyperparameters(dt: nil).named {
      if let value, !value.isFinite {
        throw CLIError("invalid \(Self.flag(name)) \(value): must be a finite number")
      }
    }
    if let beta, !(beta >= 0 && beta <= 1) {
      throw CLIError("invalid --beta \(beta): beta mixes two matrices and lies in [0, 1]")
    }
    if let dt, !(dt > 0 && dt.isFinite) {
      throw CLIError("invalid --dt \(dt): the time step must be positive and finite")
    }
  }

  /// Refuses hyperparameters that `architecture` does not read, instead of ignoring them.
  func checkApplies(to architecture: Architecture, dt: Double?) throws {
    let used = Hyperparameters.names(usedBy: architecture)
    for (name, value) in hyperparameters(dt: dt).named where value != nil && !used.contains(name) {
      let reads = used.sorted().map(Self.flag).joined(separator: ", ")
      throw CLIError(
        "\(Self.flag(name)) does not apply to \(architecture.rawValue), which reads \(reads.isEmpty ? "no hyperparameters" : reads); drop it"
      )
    }
  }
}
