/// Failures of a Lyapunov-spectrum computation, with messages that name the bad value.
public enum LyapunovError: Error, Equatable, CustomStringConvertible {
  /// An option is out of range; `hint` says what is allowed.
  case invalidOption(name: String, value: String, hint: String)
  /// A state became NaN or infinite.
  case nonFiniteState(step: Int, trajectory: Int)
  /// The tangent frame overflowed between two QR steps (an infinite or NaN diagonal of R
  /// while the states stayed finite).
  case tangentOverflow(step: Int, trajectory: Int, exponent: Int)

  public var description: String {
    switch self {
    case .invalidOption(let name, let value, let hint):
      return "invalid \(name) \(value): \(hint)"
    case .nonFiniteState(let step, let trajectory):
      return
        "the state of trajectory \(trajectory) became NaN or infinite at step \(step); the system diverges — try a smaller time step, other parameters, or fewer steps"
    case .tangentOverflow(let step, let trajectory, let exponent):
      return
        "tangent vector \(exponent) of trajectory \(trajectory) overflowed at step \(step): the tangents grew past the precision's range between two QR steps; re-orthonormalize more often (a smaller QR interval, 1 is safest) or use double precision"
    }
  }
}
