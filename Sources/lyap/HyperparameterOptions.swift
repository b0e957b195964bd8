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

  /// Every given hyperparameter must be finite, `beta` in [0, 1] and the time step `dt`
  /// positive (the library's checks, with the options named as flags).
  func validate(dt: Double?) throws {
    do {
      try hyperparameters(dt: dt).check()
    } catch {
      throw CLIError(describing: error)
    }
  }

  /// Refuses hyperparameters that `architecture` does not read, instead of ignoring them.
  func checkApplies(to architecture: Architecture, dt: Double?) throws {
    do {
      try hyperparameters(dt: dt).check(applyingTo: architecture)
    } catch {
      throw CLIError(describing: error)
    }
  }
}
