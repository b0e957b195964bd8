import Foundation
import LinearAlgebra
import RecurrentNets
import TensorIO
import Testing

/// Reading and writing network files: PyTorch names, prefixes, metadata and every error.
@Suite struct NetworkWeightsTests {
  static func temporaryURL(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "lyapunovkit-\(UUID().uuidString)-\(name)")
  }

  static func lstmTensors(layers: Int, prefix: String = "", bias: Bool = true) throws -> [String:
    NDArray<Double>]
  {
    let description = NetworkDescription(
      architecture: .lstm, layers: layers, inputSize: 3, hiddenSize: 4)
    var tensors = try Initializer.uniform(0.3).tensors(for: description, seed: 1, as: Double.self)
    if !bias { tensors = tensors.filter { !$0.key.hasPrefix("bias") } }
    return Dictionary(uniqueKeysWithValues: tensors.map { (prefix + $0.key, $0.value) })
  }

  /// Writes bare tensors without metadata, as PyTorch's safetensors `save_file` would.
  static func writePlain(_ tensors: [String: NDArray<Double>]) throws -> URL {
    let url = temporaryURL("plain.safetensors")
    try SafeTensorsFile(tensors: tensors).write(to: url)
    return url
  }

  @Test func pytorchStateDictWithPrefixAndLayers() throws {
    let url = try Self.writePlain(Self.lstmTensors(layers: 2, prefix: "rnn."))
    defer { try? FileManager.default.removeItem(at: url) }
    let weights = try NetworkWeights<Double>.read(url)
    #expect(weights.description.architecture == .lstm)
    #expect(weights.description.layers == 2)
    #expect(weights.description.hiddenSize == 4 && weights.description.inputSize == 3)
    #expect(weights.tensors["weight_hh_l1"]?.shape == [16, 4])
  }

  @Test func biasesMayBeAbsent() throws {
    let url = try Self.writePlain(Self.lstmTensors(layers: 1, bias: false))
    defer { try? FileManager.default.removeItem(at: url) }
    let weights = try NetworkWeights<Double>.read(url)
    #expect(weights.tensors["bias_ih_l0"] == nil)
    _ = try AnyRecurrentNetwork(weights)
  }

  @Test func roundTripKeepsArchitectureAndHyperparameters() throws {
    let description = NetworkDescription(
      architecture: .rnnRelu, layers: 2, inputSize: 2, hiddenSize: 5,
      hyperparameters: Hyperparameters(dt: 0.1))
    let weights = try NetworkWeights<Float>.random(description, initializer: .xavier, seed: 3)
    let url = Self.temporaryURL("rt.safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try weights.write(to: url)
    let back = try NetworkWeights<Float>.read(url)
    #expect(back.description == description)
    #expect(back.tensors == weights.tensors)
    #expect(throws: NetworkError.architectureMismatch(file: "rnn-relu", requested: "lstm")) {
      try NetworkWeights<Float>.read(url, architecture: .lstm)
    }
  }

  @Test func wrongShapeNamesTensorAndShapes() throws {
    var tensors = try Self.lstmTensors(layers: 1)
    tensors["weight_hh_l0"] = try NDArray(shape: [16, 5], data: Array(repeating: 0, count: 80))
    let url = try Self.writePlain(tensors)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(
      throws: NetworkError.wrongShape(
        name: "weight_hh_l0", shape: [16, 5], expectedShape: [16, 4])
    ) { try NetworkWeights<Double>.read(url, architecture: .lstm) }
    // Without --arch the damaged shape no longer identifies nn.LSTM.
    #expect(throws: NetworkError.self) { try NetworkWeights<Double>.read(url) }
  }

  @Test func missingAndExtraTensors() throws {
    var missing = try Self.lstmTensors(layers: 2)
    missing["weight_hh_l1"] = nil
    let url = try Self.writePlain(missing)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(throws: NetworkError.missingTensor(name: "weight_hh_l1", expectedShape: [16, 4])) {
      try NetworkWeights<Double>.read(url)
    }
    var extra = try Self.lstmTensors(layers: 1)
    extra["scale_l0"] = try NDArray(shape: [2], data: [1, 2])
    let url2 = try Self.writePlain(extra)
    defer { try? FileManager.default.removeItem(at: url2) }
    #expect(throws: NetworkError.unexpectedTensor(name: "scale_l0", shape: [2])) {
      try NetworkWeights<Double>.read(url2)
    }
    // PyTorch options we do not read are named, not misread: proj_size and bidirectional.
    for name in ["weight_hr_l0", "weight_ih_l0_reverse"] {
      var tensors = try Self.lstmTensors(layers: 1)
      tensors[name] = try NDArray(shape: [2], data: [1, 2])
      let url = try Self.writePlain(tensors)
      defer { try? FileManager.default.removeItem(at: url) }
      let error = #expect(throws: NetworkError.self) { try NetworkWeights<Double>.read(url) }
      guard case .unsupportedModule(let tensor, _) = error else {
        Issue.record("expected an unsupported-module error, got \(String(describing: error))")
        continue
      }
      #expect(tensor == name)
    }
  }

  /// Hyperparameters are checked where the architecture reads them; another tool's
  /// metadata (a `dt` on a GRU) is left alone.
  @Test func hyperparametersAreCheckedWhereTheyAreRead() throws {
    var h = Hyperparameters()
    h.dt = 0
    #expect(throws: Never.self) { try h.validate(for: .gru) }
    #expect(throws: NetworkError.self) { try h.validate(for: .cornn) }
    h.dt = 0.1
    h.gamma = .nan
    #expect(throws: NetworkError.self) { try h.validate(for: .asrnn) }
    #expect(throws: Never.self) { try h.validate(for: .lem) }
  }

  @Test func inconsistentLayerCount() throws {
    var tensors = try Self.lstmTensors(layers: 3)
    tensors["weight_ih_l1"] = nil
    let url = try Self.writePlain(tensors)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(throws: NetworkError.missingLayer(index: 1, layers: 3)) {
      try NetworkWeights<Double>.read(url)
    }
  }

  @Test func nonFiniteWeightsAndAmbiguousPrefixes() throws {
    var tensors = try Self.lstmTensors(layers: 1)
    tensors["bias_hh_l0"]!.data[3] = .nan
    let url = try Self.writePlain(tensors)
    defer { try? FileManager.default.removeItem(at: url) }
    #expect(throws: NetworkError.nonFiniteParameter(name: "bias_hh_l0")) {
      try NetworkWeights<Double>.read(url)
    }
    let two = try Self.lstmTensors(layers: 1, prefix: "a.").merging(
      Self.lstmTensors(layers: 1, prefix: "b.")
    ) { x, _ in x }
    let url2 = try Self.writePlain(two)
    defer { try? FileManager.default.removeItem(at: url2) }
    #expect(throws: NetworkError.self) { try NetworkWeights<Double>.read(url2) }
    #expect(try NetworkWeights<Double>.read(url2, prefix: "b.").description.layers == 1)
    // A prefix that finds nothing is answered with the prefixes the file has.
    #expect(throws: NetworkError.noLayers(prefix: "b", prefixes: ["a.", "b."])) {
      try NetworkWeights<Double>.read(url2, prefix: "b")
    }
  }

  @Test func initializerParsingAndOrthogonality() throws {
    #expect(try Initializer(parsing: "uniform:0.08") == .uniform(0.08))
    #expect(try Initializer(parsing: "xavier") == .xavier)
    #expect(throws: NetworkError.self) { try Initializer(parsing: "uniform") }
    #expect(throws: NetworkError.self) { try Initializer(parsing: "gaussian:1") }
    let description = NetworkDescription(
      architecture: .gru, layers: 1, inputSize: 3, hiddenSize: 6)
    let tensors = try Initializer.orthogonal(1).tensors(for: description, seed: 2, as: Double.self)
    let hh = tensors["weight_hh_l0"]!
    // Each 6 x 6 gate block of weight_hh is orthogonal: W^T W = I.
    for gate in 0..<3 {
      let block = Matrix<Double>(
        rows: 6, columns: 6, rowMajor: Array(hh.data[(gate * 36)..<((gate + 1) * 36)]))
      var gram = Matrix<Double>(rows: 6, columns: 6)
      multiply(block, block, into: &gram, transposeA: true)
      #expect((gram - .identity(6)).maxAbs < 1e-12)
    }
    #expect(tensors["bias_ih_l0"]!.data.allSatisfy { $0 == 0 })
  }
}
