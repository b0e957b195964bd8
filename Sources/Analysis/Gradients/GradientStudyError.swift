/// Why a gradient or perturbation study cannot run on the given model or data.
public enum GradientStudyError: Error, CustomStringConvertible, Equatable {
  /// The architecture has no per-step gradient study (only RNN, LSTM and GRU do).
  case unsupportedArchitecture(String)
  /// The study needs a one-layer network.
  case unsupportedLayers(Int)
  /// A value (shape, count, index) is out of range; `hint` says what is accepted.
  case invalidValue(name: String, value: String, hint: String)
  /// A state, loss or factor became NaN or infinite at `step` of sequence `sequence`.
  case nonFinite(what: String, sequence: Int, step: Int)

  public var description: String {
    switch self {
    case .unsupportedArchitecture(let name):
      return "architecture '\(name)' is not supported here: per-step gradients are "
        + "implemented for rnn, rnn-relu, lstm and gru"
    case .unsupportedLayers(let layers):
      return "the network has \(layers) layers; per-step gradient studies need exactly 1"
    case .invalidValue(let name, let value, let hint):
      return "invalid \(name) '\(value)': \(hint)"
    case .nonFinite(let what, let sequence, let step):
      return "\(what) is not finite at step \(step) of sequence \(sequence): the weights or "
        + "inputs overflow"
    }
  }
}
