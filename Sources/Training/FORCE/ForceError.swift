/// Why a FORCE run could not start or finish.
public enum ForceError: Error, Equatable, CustomStringConvertible {
  /// A setting out of its range, with the value and what would be valid.
  case invalidOption(name: String, value: String, hint: String)
  /// A target array of the wrong shape or with non-finite values.
  case invalidTarget(source: String, detail: String)
  /// The network state or readout became NaN or infinite during training.
  case nonFinite(epoch: Int)

  public var description: String {
    switch self {
    case .invalidOption(let name, let value, let hint):
      return "invalid \(name) \(value): \(hint)"
    case .invalidTarget(let source, let detail):
      return "unusable target \(source): \(detail)"
    case .nonFinite(let epoch):
      return
        "the network state or readout became NaN or infinite in training epoch \(epoch); try a larger regularization alpha or a smaller gain"
    }
  }
}
