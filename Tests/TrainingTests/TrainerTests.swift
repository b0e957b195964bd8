import Foundation
import LinearAlgebra
import RecurrentNets
import TensorIO
import Testing

@testable import Training

/// A tiny deterministic task: predict the next symbol of a repeating pattern.
struct PatternDataset: SequenceDataset {
  let pattern = [0, 1, 2, 1, 3, 0, 2, 3]
  /// Inputs of this split are NaN (a corrupted data set) when set.
  var poisoned: DataSplit? = nil
  /// Input features beyond the four symbols (always zero): other data of another shape.
  var extraInputs = 0
  /// Validation sequences.
  var validationCount = 8
  var inputSize: Int { 4 + extraInputs }
  var outputSize: Int { 4 }
  var targetKind: TargetKind { .classesPerStep }
  func count(_ split: DataSplit) -> Int { split == .train ? 32 : validationCount }
  func batch<S: BLASScalar>(_ split: DataSplit, indices: [Int], as: S.Type) -> SequenceBatch<S> {
    let steps = 12
    var inputs = [Matrix<S>](
      repeating: Matrix(rows: inputSize, columns: indices.count), count: steps)
    var targets = [[Int]](repeating: [], count: steps)
    for (column, index) in indices.enumerated() {
      for t in 0..<steps {
        inputs[t][pattern[(index + t) % 8], column] = 1
        targets[t].append(pattern[(index + t + 1) % 8])
      }
    }
    if poisoned == split { inputs[0][0, 0] = .nan }
    return SequenceBatch(inputs: inputs, targets: .classesPerStep(targets))
  }
}

@Suite struct TrainerTests {
  static func temporaryFolder() -> RunFolder {
    RunFolder(
      FileManager.default.temporaryDirectory.appendingPathComponent(
        "lyapunovkit-run-\(UUID().uuidString)"))
  }

  static func configuration(epochs: Int) -> RunSpecification {
    RunSpecification(
      task: TaskSpecification(kind: .charrnn),
      network: NetworkDescription(architecture: .lstm, layers: 1, inputSize: 4, hiddenSize: 8),
      initializer: "uniform:0.3", optimizer: .adam, learningRate: 0.05, epochs: epochs,
      batchSize: 4, dropout: 0.1, clip: 5, seed: 3, spectrumBatch: 4, spectrumSteps: 12,
      spectrumExponents: 4)
  }

  /// A Float run of `epochs` epochs of the small configuration.
  static func train(
    epochs: Int, _ data: PatternDataset = PatternDataset(), in folder: RunFolder,
    resume: Bool = false
  ) throws -> [EpochMetrics] {
    try Trainer<Float>(configuration: configuration(epochs: epochs), dataset: data, folder: folder)
      .run(resume: resume)
  }

  @Test func fewEpochsLowerTheLossAndWriteTheRunFolder() throws {
    let folder = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    let metrics = try Trainer<Float>(
      configuration: Self.configuration(epochs: 3), dataset: PatternDataset(), folder: folder
    ).run(resume: false)
    #expect(metrics.map(\.epoch) == [0, 1, 2, 3])
    #expect(metrics[3].validationLoss < 0.5 * metrics[0].validationLoss)
    #expect(try folder.readMetrics() == metrics)
    let spectra = try NPY.read(folder.spectra, as: Double.self)
    #expect(spectra.shape == [4, 4])
    #expect(FileManager.default.fileExists(atPath: folder.best.path))
    // Checkpoints carry PyTorch names and load as a network for `lyap spectrum --model`.
    let weights = try NetworkWeights<Float>.read(folder.checkpoint(epoch: 3))
    #expect(weights.description.architecture == .lstm)
    let file = try SafeTensorsFile<Float>.read(folder.checkpoint(epoch: 3))
    #expect(file.tensors["rnn.weight_hh_l0"]?.shape == [32, 8])
    #expect(file.tensors["readout.weight"]?.shape == [4, 8])
  }

  @Test func resumeContinuesExactlyWhereItStopped() throws {
    let straight = Self.temporaryFolder()
    let split = Self.temporaryFolder()
    defer {
      try? FileManager.default.removeItem(at: straight.url)
      try? FileManager.default.removeItem(at: split.url)
    }
    let full = try Trainer<Double>(
      configuration: Self.configuration(epochs: 3), dataset: PatternDataset(), folder: straight
    ).run(resume: false)
    // Stop after two epochs (as an interrupt would), then resume to three.
    var calls = 0
    #expect(throws: TrainingError.interrupted(epoch: 3, lastCheckpoint: 2)) {
      try Trainer<Double>(
        configuration: Self.configuration(epochs: 3), dataset: PatternDataset(), folder: split
      ).run(
        resume: false,
        shouldStop: {
          calls += 1
          return calls > 16  // 8 batches per epoch: stop at the first batch of epoch 3
        })
    }
    var reported: [Int] = []
    let resumed = try Trainer<Double>(
      configuration: Self.configuration(epochs: 3), dataset: PatternDataset(), folder: split
    ).run(resume: true, epochFinished: { reported.append($0.epoch) })
    #expect(resumed.map(\.validationLoss) == full.map(\.validationLoss))
    // The epochs finished before are reported first, then each new one.
    #expect(reported == [0, 1, 2, 3])
    #expect(try split.readSpectra() == straight.readSpectra())
  }

  @Test func nonFiniteLossStopsWithTheLastGoodCheckpoint() throws {
    let folder = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    var data = PatternDataset()
    data.poisoned = .train
    #expect(throws: TrainingError.nonFiniteLoss(epoch: 1, batch: 0, lastCheckpoint: 0)) {
      try Trainer<Float>(
        configuration: Self.configuration(epochs: 2), dataset: data, folder: folder
      )
      .run(resume: false)
    }
    #expect(folder.latestCheckpoint() == 0)
  }

  /// Stateful batches use every window once, continue each column's stream, and only the
  /// last batch is narrower, holding the first streams.
  @Test(arguments: [(250, 100), (300, 100), (7, 3), (2, 5)])
  func streamBatchesCoverEveryWindowAndContinueTheirStreams(count: Int, streams: Int) {
    let batches = Trainer<Float>.streamBatches(count: count, streams: streams)
    #expect(batches.flatMap { $0 }.sorted() == Array(0..<count))
    for (k, batch) in batches.enumerated() where k > 0 {
      #expect(batch.count <= batches[k - 1].count)
      for (column, window) in batch.enumerated() {
        #expect(window == batches[k - 1][column] + 1)
      }
    }
    #expect(batches.dropLast().allSatisfy { $0.count == min(count, streams) })
    let states = [Matrix<Float>(rows: 2, columns: 4, storage: (0..<8).map(Float.init))]
    #expect(Trainer<Float>.carriedStates(states, columns: 4)! == states)
    #expect(Trainer<Float>.carriedStates(states, columns: 3)![0].storage == (0..<6).map(Float.init))
    #expect(Trainer<Float>.carriedStates(nil, columns: 3) == nil)
  }

  @Test func nonFiniteValidationLossWritesNothingOfThatEpoch() throws {
    let folder = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    var data = PatternDataset()
    data.poisoned = .validation
    #expect(throws: TrainingError.nonFiniteValidationLoss(epoch: 0, lastCheckpoint: nil)) {
      try Self.train(epochs: 2, data, in: folder)
    }
    #expect(folder.latestCheckpoint() == nil)
    #expect(!FileManager.default.fileExists(atPath: folder.metrics.path))
  }

  @Test func aNewRunRefusesAFolderHoldingARun() throws {
    let folder = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    _ = try Self.train(epochs: 1, in: folder)
    #expect(throws: TrainingError.runExists(folder: folder.url.path)) {
      try Self.train(epochs: 1, in: folder)
    }
  }

  @Test func resumeRefusesACheckpointThatDoesNotFitTheData() throws {
    let folder = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    _ = try Self.train(epochs: 1, in: folder)
    var wider = PatternDataset()
    wider.extraInputs = 2
    let error = #expect(throws: TrainingError.self) {
      try Self.train(epochs: 2, wider, in: folder, resume: true)
    }
    guard case .checkpointMismatch(let epoch, _) = error else {
      Issue.record("expected a checkpoint mismatch, got \(String(describing: error))")
      return
    }
    #expect(epoch == 1)
    #expect(folder.latestCheckpoint() == 1)
  }

  @Test func emptySplitsAreRefused() {
    var data = PatternDataset()
    data.validationCount = 0
    #expect(throws: TrainingError.emptySplit("validation")) {
      try Self.train(epochs: 1, data, in: Self.temporaryFolder())
    }
  }

  /// An epoch whose checkpoint was written but whose metrics line was not (a crash between
  /// the two) is trained again, from the epoch before, exactly as the first time.
  @Test func resumeStartsAfterTheLastRecordedEpoch() throws {
    let folder = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    let trainer = Trainer<Double>(
      configuration: Self.configuration(epochs: 2), dataset: PatternDataset(), folder: folder)
    let full = try trainer.run(resume: false)
    try folder.writeMetrics(Array(full.prefix(2)))
    #expect(folder.latestCheckpoint() == 2 && folder.lastFinishedEpoch() == 1)
    let resumed = try trainer.run(resume: true)
    #expect(resumed.map(\.validationLoss) == full.map(\.validationLoss))
  }

  /// Epochs whose spectrum failed keep their (NaN) row in spectra.npy through a resume.
  @Test func resumeKeepsTheRowsOfFailedSpectra() throws {
    let folder = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    _ = try Self.train(epochs: 2, in: folder)
    var metrics = try folder.readMetrics()
    metrics[1].spectrum = nil
    metrics[1].spectrumError = "singular Jacobian"
    try folder.writeMetrics(metrics)
    _ = try Self.train(epochs: 3, in: folder, resume: true)
    #expect(try folder.readSpectra().count == 4)
  }

  /// The epoch's training loss pools every prediction, as validation does: with the weights
  /// frozen (SGD, lr 1e-300) it equals the loss of the whole training split in one batch,
  /// although batches of 5 leave a last batch of 2.
  @Test func trainingLossPoolsEveryPrediction() throws {
    let folder = Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    var config = Self.configuration(epochs: 1)
    config.optimizer = .sgd
    config.learningRate = 1e-300
    config.dropout = 0
    config.batchSize = 5
    config.spectrumEvery = 0
    let metrics = try Trainer<Double>(
      configuration: config, dataset: PatternDataset(), folder: folder
    ).run(resume: false)
    let (parameters, _) = try ModelParameters<Double>.read(folder.checkpoint(epoch: 0))
    let data = PatternDataset()
    var generator = SeededGenerator(seed: 0)
    let whole = SequenceModel<LSTMCell<Double>>(parameters).evaluate(
      data.batch(.train, indices: Array(0..<data.count(.train)), as: Double.self),
      loss: .crossEntropy, dropout: 0, generator: &generator, gradients: false)
    let reported = try #require(metrics[1].trainLoss)
    #expect(abs(reported - whole.meanLoss) < 1e-12 * whole.meanLoss)
  }

  @Test func nothingToResume() {
    let folder = Self.temporaryFolder()
    #expect(throws: TrainingError.nothingToResume(folder: folder.url.path)) {
      try Trainer<Float>(
        configuration: Self.configuration(epochs: 1), dataset: PatternDataset(), folder: folder
      ).run(resume: true)
    }
  }
}
