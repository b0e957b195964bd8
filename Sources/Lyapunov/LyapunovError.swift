/// Failures of a Lyapunov-spectrum computation, with messages that name the bad value.
public enum LyapunovError: Error, Equatable, CustomStringConvertible {
  /// An option is out of range; `hint` says what is allowed.
  case invalidOption(name: String, value: String, hint: String)
  /// A state became NaN or infinite.
  case nonFiniteState(step: Int, trajectory: Int)
  /// The tangent frame collapsed (a zero, NaN or infinite diagonal of R).
  case degenerateTangent(step: Int, trajectory: Int, exponent: Int)

  public var description: String {
    switch self {
    case .invalidOption(let name, let value, let hint):
      return "invalid \(name) \(value): \(hint)"
    case .nonFiniteState(let step, let trajectory):
      return
        "the state of trajectory \(trajectory) became NaN or infinite at step \(step); the system diverges — try a smaller time step, other parameters, or fewer steps"
    case .degenerateTangent(let step, let trajectory, let exponent) where exponent == 0:
      return
        "tangent vector 0 of trajectory \(trajectory) collapsed at step \(step): the Jacobian maps every tangent to zero or to NaN (e.g. all units saturated by huge inputs, or dead ReLU units), so even the largest exponent is -infinity; check the inputs' scale and the weights"
    case .degenerateTangent(let step, let trajectory, let exponent):
      return
        "tangent vector \(exponent) of trajectory \(trajectory) collapsed at step \(step): the diagonal of R is zero (a singular Jacobian, e.g. dead ReLU units, so this exponent is -infinity) or not finite; compute fewer exponents with --exponents \(exponent), or use --qr-interval 1 and Double precision"
    }
  }
}
