/// What a network is: architecture, depth, sizes and hyperparameters. Stored in the
/// safetensors `__metadata__` of files LyapunovKit writes.
public struct NetworkDescription: Codable, Equatable, Sendable {
  public var architecture: Architecture
  public var layers: Int
  public var inputSize: Int
  public var hiddenSize: Int
  public var hyperparameters: Hyperparameters

  public init(
    architecture: Architecture, layers: Int, inputSize: Int, hiddenSize: Int,
    hyperparameters: Hyperparameters = Hyperparameters()
  ) {
    self.architecture = architecture
    self.layers = layers
    self.inputSize = inputSize
    self.hiddenSize = hiddenSize
    self.hyperparameters = hyperparameters
  }

  /// The safetensors metadata entries describing this network.
  public var metadata: [String: String] {
    var out = hyperparameters.metadata
    out["architecture"] = architecture.rawValue
    out["layers"] = "\(layers)"
    out["input_size"] = "\(inputSize)"
    out["hidden_size"] = "\(hiddenSize)"
    out["format"] = "lyapunovkit"
    return out
  }

  /// Checks sizes and layer count.
  public func validate() throws {
    guard layers >= 1 else {
      throw NetworkError.invalidValue(name: "layers", value: "\(layers)", hint: "need at least 1")
    }
    guard inputSize >= 1 else {
      throw NetworkError.invalidValue(
        name: "input-size", value: "\(inputSize)", hint: "need at least 1 feature")
    }
    guard hiddenSize >= 1 else {
      throw NetworkError.invalidValue(
        name: "hidden-size", value: "\(hiddenSize)", hint: "need at least 1 unit")
    }
  }

  /// The input size of layer `layer`.
  public func layerInputSize(_ layer: Int) -> Int { layer == 0 ? inputSize : hiddenSize }

  /// Every parameter of the network: (tensor name, spec).
  public func parameters(prefix: String = "") -> [(name: String, spec: ParameterSpec)] {
    (0..<layers).flatMap { l in
      architecture.parameterSpecs(hiddenSize: hiddenSize, inputSize: layerInputSize(l)).map {
        ($0.tensorName(layer: l, prefix: prefix), $0)
      }
    }
  }
}
