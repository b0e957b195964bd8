/// Problems with a network file or description, each naming the tensor or value at fault.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
  case missingTensor(name: String, expectedShape: [Int])
  case unexpectedTensor(name: String, shape: [Int])
  case wrongShape(name: String, shape: [Int], expectedShape: [Int])
  case unknownArchitecture(String)
  case architectureNeeded(hint: String)
  case architectureMismatch(file: String, requested: String)
  /// No `weight_ih_l0` under the prefix; `prefixes` are those under which the file has one.
  case noLayers(prefix: String, prefixes: [String] = [])
  case missingLayer(index: Int, layers: Int)
  case nonFiniteParameter(name: String)
  case invalidValue(name: String, value: String, hint: String)
  /// A PyTorch module option whose tensors this library does not read.
  case unsupportedModule(tensor: String, feature: String)
  /// A `__metadata__` entry that contradicts the tensors; `tensors` says what they hold.
  case metadataMismatch(key: String, value: String, tensors: String)

  public var description: String {
    switch self {
    case .missingTensor(let name, let shape):
      return "tensor '\(name)' is missing; expected shape \(shape)"
    case .unexpectedTensor(let name, let shape):
      return
        "tensor '\(name)' with shape \(shape) is not a parameter of this architecture; check --arch and --prefix"
    case .wrongShape(let name, let shape, let expected):
      return "tensor '\(name)' has shape \(shape), expected \(expected)"
    case .unknownArchitecture(let name):
      return
        "unknown architecture '\(name)'; use one of \(Architecture.allCases.map(\.rawValue).joined(separator: ", "))"
    case .architectureNeeded(let hint):
      return "the file does not say its architecture; \(hint)"
    case .architectureMismatch(let file, let requested):
      return
        "the file says architecture '\(file)' but '\(requested)' was requested; drop --arch or fix it"
    case .unsupportedModule(let tensor, let feature):
      return
        "tensor '\(tensor)' belongs to \(feature), which LyapunovKit does not support; export a module without it"
    case .noLayers(let prefix, let prefixes) where !prefixes.isEmpty:
      return
        "no layer parameters found (looked for '\(prefix)weight_ih_l0'); the file has them under "
        + prefixes.map { "--prefix '\($0)'" }.joined(separator: " or ")
    case .noLayers(let prefix, _):
      return
        "no layer parameters found (looked for '\(prefix)weight_ih_l0'); check --prefix and --arch"
    case .missingLayer(let index, let layers):
      return "layer \(index) is missing although the file has parameters up to layer \(layers - 1)"
    case .nonFiniteParameter(let name):
      return "tensor '\(name)' contains NaN or infinity"
    case .metadataMismatch(let key, let value, let tensors):
      return
        "the file's metadata says \(key) '\(value)' but its tensors say \(tensors); fix or remove the '\(key)' metadata entry"
    case .invalidValue(let name, let value, let hint):
      return "invalid \(name) \(value): \(hint)"
    }
  }
}
