import Foundation
import TensorIO
import Testing

@testable import Training

/// A simulated kill: thrown by the trainer's write hook right after a chosen write.
struct SimulatedKill: Error {}

/// Counts the run's writes and stops after the chosen one.
final class WriteCounter: @unchecked Sendable {
  private let lock = NSLock()
  private let stopAfter: Int
  private(set) var written: [String] = []

  init(stopAfter: Int) {
    self.stopAfter = stopAfter
  }

  func wrote(_ url: URL) throws {
    lock.lock()
    defer { lock.unlock() }
    written.append(url.lastPathComponent)
    if written.count == stopAfter { throw SimulatedKill() }
  }
}

/// Every state a kill can leave a run folder in is resumable (or restartable) without
/// manual cleanup, and the run then ends exactly as an uninterrupted one; damage a kill
/// cannot cause is repaired from the checkpoints or refused with what to do.
@Suite struct RunRecoveryTests {
  static let epochs = 2

  static func trainer(_ folder: RunFolder, stopAfter: Int? = nil) -> (
    Trainer<Double>, WriteCounter?
  ) {
    var trainer = Trainer<Double>(
      configuration: TrainerTests.configuration(epochs: epochs), dataset: PatternDataset(),
      folder: folder)
    guard let stopAfter else { return (trainer, nil) }
    let counter = WriteCounter(stopAfter: stopAfter)
    trainer.afterWrite = { try counter.wrote($0) }
    return (trainer, counter)
  }

  /// The uninterrupted run every recovered one must match, and the names of its writes.
  static let reference: (folder: RunFolder, metrics: [EpochMetrics], writes: [String]) = {
    let folder = TrainerTests.temporaryFolder()
    let (trainer, counter) = Self.trainer(folder, stopAfter: Int.max)
    let metrics = try! trainer.run(resume: false)
    return (folder, metrics, counter!.written)
  }()

  static func bytes(_ url: URL) -> Data? { try? Data(contentsOf: url) }

  /// What must equal the reference after recovery: every epoch's validation loss, the
  /// spectra, the best and last checkpoints byte for byte, and no temporary file.
  static func expectMatchesReference(
    _ folder: RunFolder, _ metrics: [EpochMetrics], _ label: String
  ) throws {
    let reference = Self.reference
    #expect(metrics.map(\.validationLoss) == reference.metrics.map(\.validationLoss), "\(label)")
    #expect(try folder.readMetrics().map(\.epoch) == Array(0...epochs), "\(label)")
    #expect(try folder.readSpectra() == reference.folder.readSpectra(), "\(label)")
    #expect(bytes(folder.best) == bytes(reference.folder.best), "\(label): best.safetensors")
    #expect(
      bytes(folder.checkpoint(epoch: epochs)) == bytes(reference.folder.checkpoint(epoch: epochs)),
      "\(label): last checkpoint")
    for place in [folder.url, folder.checkpoints] {
      let names = try FileManager.default.contentsOfDirectory(atPath: place.path)
      #expect(!names.contains { $0.hasPrefix(".") }, "\(label): \(names)")
    }
  }

  @Test func aKillAfterAnyWriteResumesToTheUninterruptedRun() throws {
    let writes = Self.reference.writes
    // config, then per epoch: checkpoint, optimizer, best (when it improves), spectra, metrics.
    #expect(writes.first == "config.json" && writes.filter { $0 == "metrics.jsonl" }.count == 3)
    for stop in 1...writes.count {
      let folder = TrainerTests.temporaryFolder()
      defer { try? FileManager.default.removeItem(at: folder.url) }
      let (killed, _) = Self.trainer(folder, stopAfter: stop)
      #expect(throws: SimulatedKill.self) { try killed.run(resume: false) }
      // A kill in the middle of a write leaves a temporary beside the files (ours, or
      // Foundation's from older versions).
      try FileManager.default.createDirectory(
        at: folder.checkpoints, withIntermediateDirectories: true)
      for name in [".epoch-9.safetensors.lyap-tmp-1-2", ".dat.nosync12.ab"] {
        try Data("x".utf8).write(to: folder.checkpoints.appendingPathComponent(name))
      }
      var notices: [String] = []
      let (trainer, _) = Self.trainer(folder)
      let metrics = try trainer.run(resume: true, notice: { notices.append($0) })
      try Self.expectMatchesReference(
        folder, metrics, "killed after write \(stop) (\(writes[stop - 1]))")
      // best.safetensors of an epoch that did not finish is put back to the finished best.
      if writes[stop - 1] == "best.safetensors" && stop > 6 {
        #expect(notices.contains { $0.contains("best.safetensors was from epoch") }, "\(notices)")
      }
      // While no epoch had finished, a new run is accepted as well.
      if stop <= 5 {
        let again = TrainerTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: again.url) }
        let (killedAgain, _) = Self.trainer(again, stopAfter: stop)
        #expect(throws: SimulatedKill.self) { try killedAgain.run(resume: false) }
        let fresh = try Self.trainer(again).0.run(resume: false)
        try Self.expectMatchesReference(again, fresh, "new run after write \(stop)")
      }
    }
  }

  /// A repeated, cut or garbage metrics line: the run resumes after the last epoch that is
  /// recorded intact, and the rows of spectra.npy stay in line with the epochs.
  @Test(arguments: ["repeat", "cut", "garbage"])
  func damagedMetricsLinesResume(damage: String) throws {
    let folder = TrainerTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    let (first, _) = Self.trainer(folder, stopAfter: Self.reference.writes.count)
    #expect(throws: SimulatedKill.self) { try first.run(resume: false) }
    var lines = try String(contentsOf: folder.metrics, encoding: .utf8).split(separator: "\n")
      .map(String.init)
    switch damage {
    case "repeat": lines.insert(lines[1], at: 1)
    case "cut": lines[lines.count - 1] = String(lines[lines.count - 1].prefix(20))
    default: lines[lines.count - 1] = "\u{0}\u{1}not json"
    }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.metrics)
    let metrics = try Self.trainer(folder).0.run(resume: true)
    try Self.expectMatchesReference(folder, metrics, damage)
  }

  /// A missing or garbage spectra.npy is rebuilt from the checkpoints, equal to the rows
  /// computed during training.
  @Test(arguments: ["missing", "garbage", "short"])
  func spectraAreRebuiltFromTheCheckpoints(damage: String) throws {
    let folder = TrainerTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    let (first, _) = Self.trainer(folder, stopAfter: Self.reference.writes.count - 5)
    #expect(throws: SimulatedKill.self) { try first.run(resume: false) }
    switch damage {
    case "missing": try FileManager.default.removeItem(at: folder.spectra)
    case "garbage": try Data("garbage".utf8).write(to: folder.spectra)
    default: try folder.writeSpectra(Array(try folder.readSpectra().prefix(1)))
    }
    var notices: [String] = []
    let metrics = try Self.trainer(folder).0.run(resume: true, notice: { notices.append($0) })
    try Self.expectMatchesReference(folder, metrics, damage)
    #expect(notices.contains { $0.contains("spectra.npy") }, "\(notices)")
  }

  /// A deleted metrics file with several checkpoints is not something a kill leaves: it is
  /// refused with what to do, and nothing is deleted.
  @Test func lostMetricsAreRefusedWithWhatToDo() throws {
    let folder = TrainerTests.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder.url) }
    _ = try Self.trainer(folder).0.run(resume: false)
    try FileManager.default.removeItem(at: folder.metrics)
    for resume in [true, false] {
      let error = #expect(throws: TrainingError.self) {
        try Self.trainer(folder).0.run(resume: resume)
      }
      #expect("\(error.map { "\($0)" } ?? "")".contains("Restore metrics.jsonl"))
    }
    #expect(folder.checkpointEpochs() == Array(0...Self.epochs))
  }
}
