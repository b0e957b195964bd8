import Foundation
import LinearAlgebra
import TensorIO

extension NetworkWeights {
  /// Checks what a file's `__metadata__` says about the network against what its tensors
  /// hold, so that a file whose description contradicts its weights is refused instead of
  /// being read as a different network.
  ///
  /// `layers`, `input_size` and `hidden_size`, when present, must be the numbers the tensors
  /// give; every hyperparameter the architecture reads must be a number. Entries the
  /// architecture ignores (another tool's metadata) are left alone.
  ///
  /// - Throws: ``NetworkError/metadataMismatch(key:value:tensors:)`` naming the entry, its
  ///   value and what the tensors say.
  static func checkMetadata(
    _ metadata: [String: String], against description: NetworkDescription,
    tensors: [String: NDArray<Scalar>]
  ) throws {
    let shape = { (name: String) in tensors[name].map { "\($0.shape)" } ?? "?" }
    let recurrent = tensors["weight_hh_l0"] != nil ? "weight_hh_l0" : "weight_w_l0"
    let sizes: [(key: String, actual: Int, evidence: String)] = [
      (
        "layers", description.layers,
        description.layers == 1
          ? "1 (weight_ih_l0 only)"
          : "\(description.layers) (weight_ih_l0 to weight_ih_l\(description.layers - 1))"
      ),
      (
        "input_size", description.inputSize,
        "\(description.inputSize) (weight_ih_l0 has shape \(shape("weight_ih_l0")))"
      ),
      (
        "hidden_size", description.hiddenSize,
        "\(description.hiddenSize) (\(recurrent) has shape \(shape(recurrent)))"
      ),
    ]
    for (key, actual, evidence) in sizes {
      guard let value = metadata[key] else { continue }
      guard let number = Double(value.trimmingCharacters(in: .whitespaces)),
        number == Double(actual)
      else {
        throw NetworkError.metadataMismatch(key: key, value: value, tensors: evidence)
      }
    }
    for name in Hyperparameters.names(usedBy: description.architecture).sorted() {
      if let value = metadata[name], Double(value) == nil {
        throw NetworkError.invalidValue(
          name: "metadata entry '\(name)'", value: "'\(value)'",
          hint: "\(description.architecture.rawValue) reads it as a number; fix or remove the entry"
        )
      }
    }
  }

  /// When the file's metadata names an architecture that its tensors do not fit but another
  /// architecture fits them, the error naming both; nil otherwise (the tensors' own error
  /// then stands).
  static func architectureContradiction(
    stored: Architecture, description: NetworkDescription, tensors: [String: NDArray<Scalar>]
  ) -> NetworkError? {
    let shapes = tensors.mapValues(\.shape)
    guard let first = tensors["weight_ih_l0"],
      let guess = try? resolveArchitecture(metadata: [:], requested: nil, shapes: shapes),
      guess != stored
    else { return nil }
    var other = description
    other.architecture = guess
    other.hiddenSize = max(1, first.shape[0] / guess.inputBlocks)
    guard (try? NetworkWeights(description: other, tensors: tensors)) != nil else { return nil }
    return .metadataMismatch(
      key: "architecture", value: stored.rawValue,
      tensors:
        "\(guess.rawValue) (weight_ih_l0 \(first.shape), weight_hh_l0 \(shapes["weight_hh_l0"] ?? []))"
    )
  }
}
