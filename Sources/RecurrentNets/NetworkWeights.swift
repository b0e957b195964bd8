import Foundation
import LinearAlgebra
import TensorIO

/// A network's parameters by PyTorch-style tensor name, with its description: what
/// safetensors files hold, and what ``AnyRecurrentNetwork`` is built from.
public struct NetworkWeights<Scalar: BLASScalar>: Sendable {
  public var description: NetworkDescription
  /// Tensors by name without prefix, e.g. `weight_hh_l0`.
  public var tensors: [String: NDArray<Scalar>]
  /// Whether ``read(_:architecture:prefix:hyperparameters:)`` guessed the architecture from
  /// tensor shapes (a file without metadata, no architecture requested): an `nn.RNN` is then
  /// taken as tanh, which its tensors cannot confirm.
  public private(set) var architectureGuessed = false

  /// Checks that `tensors` are exactly the parameters of `description` (biases optional),
  /// with the right shapes and finite values.
  public init(description: NetworkDescription, tensors: [String: NDArray<Scalar>]) throws {
    try description.validate()
    let expected = description.parameters()
    for (name, spec) in expected {
      guard let tensor = tensors[name] else {
        if spec.isBias { continue }
        throw NetworkError.missingTensor(name: name, expectedShape: spec.shape)
      }
      guard tensor.shape == spec.shape else {
        throw NetworkError.wrongShape(name: name, shape: tensor.shape, expectedShape: spec.shape)
      }
      guard tensor.data.allSatisfy(\.isFinite) else {
        throw NetworkError.nonFiniteParameter(name: name)
      }
    }
    let known = Set(expected.map(\.name))
    if let extra = tensors.keys.sorted().first(where: { !known.contains($0) }) {
      throw NetworkError.unexpectedTensor(name: extra, shape: tensors[extra]!.shape)
    }
    self.description = description
    self.tensors = tensors
  }

  /// Reads a safetensors file: a file LyapunovKit wrote (architecture in its metadata) or a
  /// PyTorch `state_dict` of `nn.RNN`, `nn.LSTM` or `nn.GRU`, possibly inside a larger model
  /// (a common prefix such as `rnn.` is detected, or given).
  ///
  /// - Parameters:
  ///   - architecture: required when the file has no metadata and the names are ambiguous
  ///     (`nn.RNN` is taken as tanh unless `rnn-relu` is given); checked against metadata.
  ///   - prefix: the tensor-name prefix; detected from `*weight_ih_l0` when nil.
  ///   - hyperparameters: override the file's values (nil fields keep the file's).
  public static func read(
    _ url: URL, architecture: Architecture? = nil, prefix: String? = nil,
    hyperparameters: Hyperparameters = Hyperparameters()
  ) throws -> NetworkWeights {
    let file = try SafeTensorsFile<Scalar>.read(url, as: Scalar.self)
    let prefix = try prefix ?? detectPrefix(Array(file.tensors.keys))
    var tensors: [String: NDArray<Scalar>] = [:]
    for (name, tensor) in file.tensors where name.hasPrefix(prefix) {
      tensors[String(name.dropFirst(prefix.count))] = tensor
    }
    guard let first = tensors["weight_ih_l0"], first.shape.count == 2 else {
      let prefixes = file.tensors.keys.filter { $0.hasSuffix("weight_ih_l0") }
        .map { String($0.dropLast("weight_ih_l0".count)) }.filter { $0 != prefix }.sorted()
      throw NetworkError.noLayers(prefix: prefix, prefixes: prefixes)
    }
    // PyTorch options whose tensors would otherwise be misread or named as strays.
    if let name = tensors.keys.sorted().first(where: { $0.hasSuffix("_reverse") }) {
      throw NetworkError.unsupportedModule(
        tensor: prefix + name, feature: "bidirectional modules (bidirectional=True)")
    }
    if let name = tensors.keys.sorted().first(where: { $0.hasPrefix("weight_hr_l") }) {
      throw NetworkError.unsupportedModule(
        tensor: prefix + name, feature: "LSTM projections (proj_size > 0)")
    }
    let arch = try resolveArchitecture(
      metadata: file.metadata, requested: architecture, shapes: tensors.mapValues(\.shape))
    var layers = 0
    while tensors["weight_ih_l\(layers)"] != nil { layers += 1 }
    let maxIndex =
      tensors.keys.compactMap { name -> Int? in
        guard let range = name.range(of: "_l", options: .backwards) else { return nil }
        return Int(name[range.upperBound...])
      }.max() ?? 0
    if maxIndex >= layers { throw NetworkError.missingLayer(index: layers, layers: maxIndex + 1) }
    var hyper = Hyperparameters(metadata: file.metadata)
    for (name, value) in hyperparameters.named where value != nil {
      hyper.set(name, value!)
    }
    let description = NetworkDescription(
      architecture: arch, layers: layers, inputSize: first.shape[1],
      hiddenSize: max(1, first.shape[0] / arch.inputBlocks), hyperparameters: hyper)
    var weights: NetworkWeights
    do {
      weights = try NetworkWeights(description: description, tensors: tensors)
    } catch let error as NetworkError {
      if architecture == nil, file.metadata["architecture"] != nil,
        let contradiction = architectureContradiction(
          stored: arch, description: description, tensors: tensors)
      {
        throw contradiction
      }
      throw error
    }
    try checkMetadata(file.metadata, against: description, tensors: tensors)
    weights.architectureGuessed = architecture == nil && file.metadata["architecture"] == nil
    return weights
  }

  /// Writes the tensors and the description (as metadata) to a safetensors file.
  public func write(to url: URL) throws {
    try SafeTensorsFile(tensors: tensors, metadata: description.metadata).write(to: url)
  }

  /// The common prefix of the recurrent parameters, found from the unique `*weight_ih_l0`.
  static func detectPrefix(_ names: [String]) throws -> String {
    let candidates = names.filter { $0.hasSuffix("weight_ih_l0") }
    guard candidates.count == 1 else {
      if candidates.isEmpty { throw NetworkError.noLayers(prefix: "") }
      throw NetworkError.invalidValue(
        name: "prefix", value: candidates.sorted().joined(separator: ", "),
        hint: "several recurrent modules found; choose one with --prefix")
    }
    return String(candidates[0].dropLast("weight_ih_l0".count))
  }

  /// The architecture from metadata, the request, or (for files without metadata) the
  /// tensor names and shapes: `weight_hh_l0` of shape [G N, N] is `nn.LSTM` for G = 4,
  /// `nn.GRU` for G = 3 and `nn.RNN` (tanh) for G = 1.
  static func resolveArchitecture(
    metadata: [String: String], requested: Architecture?, shapes: [String: [Int]]
  ) throws -> Architecture {
    if let stored = metadata["architecture"] {
      guard let arch = Architecture(rawValue: stored) else {
        throw NetworkError.unknownArchitecture(stored)
      }
      if let requested, requested != arch {
        throw NetworkError.architectureMismatch(file: stored, requested: requested.rawValue)
      }
      return arch
    }
    if let requested { return requested }
    if shapes["weight_a_l0"] != nil {
      throw NetworkError.architectureNeeded(hint: "pass --arch lipschitz or --arch noisy")
    }
    if shapes["weight_hz_l0"] != nil { return .cornn }
    if shapes["weight_zy_l0"] != nil { return .lem }
    if shapes["bias_l0"] != nil { return .asrnn }
    if let hh = shapes["weight_hh_l0"], hh.count == 2, hh[1] > 0, hh[0] % hh[1] == 0 {
      switch hh[0] / hh[1] {
      case 4: return .lstm
      case 3: return .gru
      case 1: return .rnn
      default: break
      }
    }
    throw NetworkError.architectureNeeded(
      hint: "pass --arch (rnn, rnn-relu, lstm or gru for a PyTorch state_dict)")
  }
}

extension Hyperparameters {
  /// Sets the hyperparameter called `name`.
  mutating func set(_ name: String, _ value: Double) {
    switch name {
    case "eps": eps = value
    case "gamma": gamma = value
    case "dt": dt = value
    case "beta": beta = value
    case "gammaA": gammaA = value
    case "gammaW": gammaW = value
    case "alpha": alpha = value
    case "noiseAdditive": noiseAdditive = value
    default: noiseMultiplicative = value
    }
  }
}
