import Foundation
import LinearAlgebra
import RecurrentNets
import TensorIO

/// The trainable parameters of a sequence model: a recurrent stack and a linear readout.
///
/// Names are those of a PyTorch module with attributes `rnn` (an `nn.LSTM`, `nn.GRU` or
/// `nn.RNN`, or one of our other architectures named alike) and `readout` (`nn.Linear`):
/// `rnn.weight_ih_l0`, ..., `readout.weight` `[outputs, N]`, `readout.bias` `[outputs]`.
/// Matrices are column-major in the `[out, in]` shape; biases are `count x 1`.
public struct ModelParameters<Scalar: BLASScalar>: Sendable {
  /// The recurrent part.
  public var network: NetworkDescription
  /// Outputs of the readout (classes or signal dimensions).
  public var outputs: Int
  /// Every parameter by its full name.
  public var values: [String: Matrix<Scalar>]

  /// Prefix of the recurrent parameters.
  public static var networkPrefix: String { "rnn." }

  /// Random parameters: the recurrent stack from `initializer` (every parameter, biases
  /// included, as ``Initializer`` documents), the readout as PyTorch's `nn.Linear` default
  /// (uniform with bound 1/sqrt(N)).
  public init(
    network: NetworkDescription, outputs: Int, initializer: Initializer, seed: UInt64
  ) throws {
    self.network = network
    self.outputs = outputs
    values = [:]
    for (name, tensor) in try initializer.tensors(for: network, seed: seed, as: Scalar.self) {
      values[Self.networkPrefix + name] = Self.matrix(tensor)
    }
    var g = SeededGenerator(seed: seed, stream: -1)
    let bound = 1 / Double(network.hiddenSize).squareRoot()
    var weight = Matrix<Scalar>(rows: outputs, columns: network.hiddenSize)
    for i in weight.storage.indices {
      weight.storage[i] = Scalar((2 * g.nextUniform() - 1) * bound)
    }
    var bias = Matrix<Scalar>(rows: outputs, columns: 1)
    for i in bias.storage.indices { bias.storage[i] = Scalar((2 * g.nextUniform() - 1) * bound) }
    values["readout.weight"] = weight
    values["readout.bias"] = bias
  }

  /// Parameters from tensors (a checkpoint).
  public init(network: NetworkDescription, outputs: Int, tensors: [String: NDArray<Scalar>]) {
    self.network = network
    self.outputs = outputs
    values = tensors.mapValues(Self.matrix)
  }

  /// A tensor as a matrix: 2-D `[out, in]` row-major, 1-D as a column.
  static func matrix(_ t: NDArray<Scalar>) -> Matrix<Scalar> {
    t.shape.count == 2
      ? Matrix(rows: t.shape[0], columns: t.shape[1], rowMajor: t.data)
      : Matrix(rows: t.data.count, columns: 1, storage: t.data)
  }

  /// The parameters as PyTorch-shaped tensors (biases 1-D).
  public func tensors() throws -> [String: NDArray<Scalar>] {
    var out: [String: NDArray<Scalar>] = [:]
    for (name, m) in values {
      out[name] =
        name.contains("bias")
        ? try NDArray(shape: [m.rows], data: m.storage)
        : try NDArray(shape: [m.rows, m.columns], data: m.rowMajorStorage)
    }
    return out
  }

  /// The parameters of layer `l` by short name (`weight_hh`).
  public func layer(_ l: Int) -> [String: Matrix<Scalar>] {
    var out: [String: Matrix<Scalar>] = [:]
    let suffix = "_l\(l)"
    for (name, value) in values where name.hasPrefix(Self.networkPrefix) && name.hasSuffix(suffix) {
      out[String(name.dropFirst(Self.networkPrefix.count).dropLast(suffix.count))] = value
    }
    return out
  }

  /// The recurrent part as network weights (for spectra and `lyap spectrum --model`).
  public func networkWeights() throws -> NetworkWeights<Scalar> {
    var tensors: [String: NDArray<Scalar>] = [:]
    for (name, tensor) in try self.tensors() where name.hasPrefix(Self.networkPrefix) {
      tensors[String(name.dropFirst(Self.networkPrefix.count))] = tensor
    }
    return try NetworkWeights(description: network, tensors: tensors)
  }

  /// Writes a checkpoint (safetensors with the network description and `outputs` in the
  /// metadata), atomically.
  public func write(to url: URL, extraMetadata: [String: String] = [:]) throws {
    var metadata = network.metadata.merging(extraMetadata) { a, _ in a }
    metadata["outputs"] = "\(outputs)"
    try SafeTensorsFile(tensors: try tensors(), metadata: metadata).write(to: url)
  }

  /// Reads a checkpoint written by ``write(to:extraMetadata:)``.
  public static func read(_ url: URL) throws -> (ModelParameters, metadata: [String: String]) {
    let file = try SafeTensorsFile<Scalar>.read(url, as: Scalar.self)
    let weights = try NetworkWeights<Scalar>.read(url, prefix: networkPrefix)
    guard let outputs = file.metadata["outputs"].flatMap(Int.init),
      let w = file.tensors["readout.weight"], w.shape == [outputs, weights.description.hiddenSize],
      file.tensors["readout.bias"]?.shape == [outputs]
    else {
      throw NetworkError.invalidValue(
        name: "checkpoint", value: url.path,
        hint:
          "it lacks 'readout.weight'/'readout.bias' or the 'outputs' metadata of a lyap train checkpoint"
      )
    }
    return (
      ModelParameters(network: weights.description, outputs: outputs, tensors: file.tensors),
      file.metadata
    )
  }
}
