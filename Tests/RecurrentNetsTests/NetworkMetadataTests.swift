import Foundation
import LinearAlgebra
import RecurrentNets
import TensorIO
import Testing

/// A file's metadata that contradicts its tensors is refused, naming the entry, its value
/// and what the tensors hold; a file that reads is the network its metadata says.
@Suite struct NetworkMetadataTests {
  /// Writes a 2-input, 4-unit, 1-layer network of `architecture` with `metadata` entries
  /// replaced (nil removes one), as a hand-edited or foreign file would have them.
  static func file(
    _ architecture: Architecture, layers: Int = 1, replacing changes: [String: String?]
  ) throws -> URL {
    let description = NetworkDescription(
      architecture: architecture, layers: layers, inputSize: 2, hiddenSize: 4)
    let weights = try NetworkWeights<Double>.random(description, initializer: .xavier, seed: 1)
    var metadata = description.metadata
    for (key, value) in changes { metadata[key] = value }
    let url = NetworkWeightsTests.temporaryURL("meta.safetensors")
    try SafeTensorsFile(tensors: weights.tensors, metadata: metadata).write(to: url)
    return url
  }

  static func readError(_ url: URL) -> String? {
    defer { try? FileManager.default.removeItem(at: url) }
    do {
      _ = try NetworkWeights<Double>.read(url)
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test(arguments: [
    ("hidden_size", "32", "4 (weight_hh_l0 has shape [16, 4])"),
    ("hidden_size", "abc", "4 (weight_hh_l0"),
    ("layers", "-3", "1 (weight_ih_l0 only)"),
    ("layers", "2", "1 (weight_ih_l0 only)"),
    ("input_size", "3", "2 (weight_ih_l0 has shape [16, 2])"),
  ])
  func sizesThatContradictTheTensors(key: String, value: String, tensors: String) throws {
    let message = Self.readError(try Self.file(.lstm, replacing: [key: value]))
    #expect(message?.contains("metadata says \(key) '\(value)'") == true, "\(message ?? "read")")
    #expect(message?.contains("tensors say \(tensors)") == true, "\(message ?? "read")")
  }

  @Test func sizesThatAgreeInAnotherSpellingAreRead() throws {
    #expect(Self.readError(try Self.file(.gru, replacing: ["hidden_size": "4.0"])) == nil)
    #expect(Self.readError(try Self.file(.gru, replacing: ["layers": nil])) == nil)
  }

  @Test(arguments: [
    (Architecture.lstm, "gru"), (.gru, "lstm"), (.rnn, "lstm"), (.cornn, "lem"), (.lem, "gru"),
  ])
  func architectureThatContradictsTheTensors(actual: Architecture, stored: String) throws {
    let message = Self.readError(try Self.file(actual, replacing: ["architecture": stored]))
    #expect(
      message?.contains("metadata says architecture '\(stored)'") == true, "\(message ?? "read")")
    #expect(
      message?.contains("tensors say \(actual.rawValue) (weight_ih_l0") == true,
      "\(message ?? "read")")
  }

  @Test func hyperparametersMustBeNumbersAndInRange() throws {
    let gamma = Self.readError(try Self.file(.cornn, replacing: ["gamma": "fast"]))
    #expect(gamma?.contains("metadata entry 'gamma'") == true && gamma?.contains("'fast'") == true)
    let url = try Self.file(.lipschitz, replacing: ["beta": "2"])
    defer { try? FileManager.default.removeItem(at: url) }
    let weights = try NetworkWeights<Double>.read(url)
    #expect(throws: NetworkError.self) {
      try weights.description.hyperparameters.validate(for: .lipschitz)
    }
  }

  /// Hand-made files: every entry of every architecture replaced by each of a set of values.
  /// A file either fails with a `NetworkError` or reads as exactly what its metadata says.
  @Test func fuzzedMetadataIsRefusedOrObeyed() throws {
    let values =
      ["0", "-3", "1", "2", "4", "16", "abc", "", "1e400", "nan"]
      + Architecture.allCases.map(\.rawValue)
    for architecture in [Architecture.rnn, .lstm, .gru, .asrnn, .cornn, .lipschitz, .lem] {
      for key in ["architecture", "layers", "input_size", "hidden_size"] {
        for value in values {
          let url = try Self.file(architecture, layers: 2, replacing: [key: value])
          defer { try? FileManager.default.removeItem(at: url) }
          let read: NetworkWeights<Double>
          do {
            read = try NetworkWeights<Double>.read(url)
          } catch is NetworkError {
            continue
          }
          let d = read.description
          let said: String
          switch key {
          case "architecture": said = d.architecture.rawValue
          case "layers": said = "\(d.layers)"
          case "input_size": said = "\(d.inputSize)"
          default: said = "\(d.hiddenSize)"
          }
          #expect(said == value, "\(architecture) \(key)=\(value) read as \(d)")
          #expect(d.layers == 2 && d.inputSize == 2 && d.hiddenSize == 4)
        }
      }
    }
  }
}
