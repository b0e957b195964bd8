import Foundation
import LinearAlgebra
import RecurrentNets
import Testing

@testable import Training

/// The option table: decoding by long names, the checks that refuse options not applying to
/// the task or architecture, the run specification it builds, and old config.json files.
@Suite struct TrainOptionsTests {
  static func textFile() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "train-options-\(UUID().uuidString).txt")
    try String(repeating: "abcdefgh ", count: 200).write(to: url, atomically: true, encoding: .utf8)
    return url
  }

  static func decode(_ json: String) throws -> TrainOptions {
    try JSONDecoder().decode(TrainOptions.self, from: Data(json.utf8))
  }

  static func message(_ body: () throws -> Void) -> String {
    do {
      try body()
      return ""
    } catch {
      return "\(error)"
    }
  }

  @Test func decodesLongNamesAndBuildsTheSpecification() throws {
    let text = try Self.textFile()
    defer { try? FileManager.default.removeItem(at: text) }
    let options = try Self.decode(
      """
      {"task": "charrnn", "text": "\(text.lastPathComponent)", "arch": "gru", "hidden-size": 16,
       "seq-len": 20, "init": "uniform:0.2", "lr": 0.01, "epochs": 2, "spectrum-exponents": 4}
      """)
    let (spec, dataset) = try options.specification(
      relativeTo: text.deletingLastPathComponent())
    #expect(spec.task.kind == .charrnn && spec.task.text == text.standardizedFileURL.path)
    #expect(spec.network.architecture == .gru && spec.network.hiddenSize == 16)
    #expect(spec.network.inputSize == dataset.inputSize && dataset.inputSize == 9)
    #expect(spec.initializer == "uniform:0.2" && spec.learningRate == 0.01 && spec.epochs == 2)
    // The defaults of the table: 100 per batch, stateful charrnn, float, the whole sequence.
    #expect(spec.batchSize == 100 && spec.carryState && spec.precision == .float)
    #expect(spec.spectrumSteps == 20 && spec.spectrumExponents == 4 && spec.loss == .crossEntropy)
    // Through JSON and back (config.json), the same specification.
    let back = try JSONDecoder().decode(
      RunSpecification.self, from: JSONEncoder().encode(spec))
    #expect(back == spec)
  }

  @Test func refusesUnknownKeysAndValuesOfTheWrongType() {
    #expect(Self.message { _ = try Self.decode(#"{"hiden-size": 8}"#) }.contains("hiden-size"))
    let wrong = Self.message { _ = try Self.decode(#"{"hidden-size": "many"}"#) }
    #expect(wrong.contains("hidden-size 'many'") && wrong.contains("an integer"))
    let arch = Self.message { _ = try Self.decode(#"{"arch": "transformer"}"#) }
    #expect(arch.contains("arch 'transformer'") && arch.contains("lstm"))
  }

  @Test(arguments: [
    (#"{"task": "smnist", "text": "x.txt"}"#, "text x.txt: it applies to the charrnn task"),
    (#"{"task": "charrnn", "layout": "pixels"}"#, "layout pixels: it applies to the smnist task"),
    (
      #"{"task": "signal", "subset-fraction": 0.3}"#,
      "subset-fraction 0.3: it applies to the charrnn"
    ),
    (#"{"task": "smnist", "seq-len": 5}"#, "seq-len 5"),
    (#"{"task": "charrnn"}"#, "text none: the charrnn task needs a text file"),
    (#"{"task": "signal", "arch": "lstm", "eps": 0.5}"#, "eps 0.5: does not apply to lstm"),
    (#"{"task": "signal", "arch": "lipschitz", "beta": 2}"#, "beta 2.0"),
    (#"{"task": "signal", "loss": "cross-entropy"}"#, "loss cross-entropy"),
    (#"{"task": "signal", "seq-len": 10, "spectrum-warmup": 10}"#, "spectrum-warmup 10"),
    (#"{"task": "signal", "hidden-size": 0}"#, "hidden"),
    (#"{"arch": "gru"}"#, "task none"),
  ])
  func refusesOptionsThatDoNotApply(json: String, expected: String) throws {
    let options = try Self.decode(json)
    let message = Self.message { try options.validate() }
    #expect(message.contains(expected), "\(message)")
  }

  @Test func subsetFractionKeepsASeededShareOfEachSplitInOrder() throws {
    let text = try Self.textFile()
    defer { try? FileManager.default.removeItem(at: text) }
    var options = TrainOptions()
    options.task = .charrnn
    options.text = text.path
    options.seqLen = 10
    let whole = try options.specification().dataset
    options.subsetFraction = 0.3
    options.seed = 5
    let (spec, part) = try options.specification()
    #expect(spec.task.subsetFraction == 0.3 && spec.task.subsetSeed == 5)
    for split in [DataSplit.train, .validation] {
      let n = whole.count(split)
      #expect(part.count(split) == Int((0.3 * Double(n)).rounded()))
      let chosen = try #require((part as? SubsetDataset)?.chosen[split])
      #expect(chosen == chosen.sorted() && Set(chosen).count == chosen.count)
      // The chosen windows are the whole dataset's windows at those indices.
      let a = part.batch(split, indices: [0], as: Double.self)
      let b = whole.batch(split, indices: [chosen[0]], as: Double.self)
      #expect(a.inputs.map(\.storage) == b.inputs.map(\.storage))
    }
    options.seed = 6
    let other = try #require(try options.specification().dataset as? SubsetDataset)
    #expect(other.chosen[.train] != (part as? SubsetDataset)?.chosen[.train])
  }

  /// config.json as lyap 0.11 wrote it: the task a dictionary of strings holding the
  /// precision, the Lorenz-96 signal drawn from the seed.
  @Test func readsConfigurationsOfEarlierVersions() throws {
    let json = """
      {"batchSize": 4, "carryState": true, "epochs": 2, "initializer": "uniform:0.3",
       "learningRate": 0.01, "loss": "mse", "momentum": 0, "optimizer": "adam", "schedule": "constant",
       "seed": 9, "spectrumBatch": 2, "spectrumEvery": 1, "spectrumSteps": 12, "spectrumWarmup": 0,
       "dropout": 0,
       "network": {"architecture": "gru", "layers": 1, "inputSize": 20, "hiddenSize": 8,
                   "hyperparameters": {}},
       "task": {"task": "signal", "precision": "double", "signal": "lorenz96", "seq-len": "12"}}
      """
    let spec = try JSONDecoder().decode(RunSpecification.self, from: Data(json.utf8))
    #expect(spec.precision == .double)
    #expect(spec.task.kind == .signal && spec.task.signal == nil && spec.task.sequenceLength == 12)
    #expect(spec.task.signalSeed == 9)
  }
}
