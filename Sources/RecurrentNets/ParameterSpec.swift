/// The parameters of one layer of an architecture: PyTorch-style names (without the
/// `_l{k}` layer suffix) and row-major shapes `[out, in]`. docs/parameters.md lists them.
public struct ParameterSpec: Sendable, Equatable {
  /// Name without the layer suffix, e.g. `weight_hh`.
  public let name: String
  /// Shape for hidden size N and layer input size M.
  public let shape: [Int]
  /// Biases may be absent (PyTorch `bias=False`); they are then zero.
  public let isBias: Bool

  /// The tensor name of this parameter in layer `layer`.
  public func tensorName(layer: Int, prefix: String = "") -> String {
    "\(prefix)\(name)_l\(layer)"
  }
}

extension Architecture {
  /// Rows of `weight_ih` per hidden unit (the number of stacked gates or input maps).
  public var inputBlocks: Int {
    switch self {
    case .lstm, .lem: return 4
    case .gru: return 3
    default: return 1
    }
  }

  /// The parameters of one layer with hidden size `n` and layer input size `m`.
  public func parameterSpecs(hiddenSize n: Int, inputSize m: Int) -> [ParameterSpec] {
    func w(_ name: String, _ rows: Int, _ columns: Int) -> ParameterSpec {
      ParameterSpec(name: name, shape: [rows, columns], isBias: false)
    }
    func b(_ name: String, _ count: Int) -> ParameterSpec {
      ParameterSpec(name: name, shape: [count], isBias: true)
    }
    let g = inputBlocks
    switch self {
    case .rnn, .rnnRelu, .lstm, .gru:
      return [
        w("weight_ih", g * n, m), w("weight_hh", g * n, n), b("bias_ih", g * n),
        b("bias_hh", g * n),
      ]
    case .asrnn:
      return [w("weight_ih", n, m), w("weight_hh", n, n), b("bias", n)]
    case .cornn:
      return [w("weight_ih", n, m), w("weight_hh", n, n), w("weight_hz", n, n), b("bias", n)]
    case .lipschitz, .noisy:
      return [w("weight_ih", n, m), w("weight_a", n, n), w("weight_w", n, n), b("bias", n)]
    case .lem:
      return [
        w("weight_ih", 4 * n, m), w("weight_hh", 3 * n, n), w("weight_zy", n, n), b("bias", 4 * n),
      ]
    }
  }
}
