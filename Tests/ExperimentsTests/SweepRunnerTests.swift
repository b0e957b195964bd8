import Foundation
import Lyapunov
import TensorIO
import Testing
import Training

@testable import Experiments

/// The sweep runner: a store that does not depend on the number of workers, on sharding or
/// on a kill at any of its writes; failed trials recorded and not retried; the train and
/// force tasks checked through their option tables.
@Suite(.serialized) struct SweepRunnerTests {
  /// Four tiny signal-prediction trials (built-in Lorenz-96 data): GRU and RNN, each at a
  /// sane learning rate and at one whose SGD step overflows (its loss becomes NaN).
  static let yaml = """
    name: runner-test
    task: signal
    fixed: {hidden-size: 4, seq-len: 10, epochs: 2, batch-size: 64, optimizer: sgd, seed: 3}
    vary: {arch: {choice: [gru, rnn]}, lr: {choice: [0.05, 1.0e300]}}
    spectrum: {every: 1, batch: 2, steps: 10}
    """

  static func folder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sweep-runner-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func spec(_ yaml: String = yaml, in folder: URL) throws -> SweepSpec {
    try SweepSpec(
      yaml: yaml, baseDirectory: folder, tasks: TrainSweepTask.all + [ForceSweepTask()])
  }

  /// Everything of a store but times, seconds and worker ids, in spec order.
  static func contents(_ url: URL) throws -> [String] {
    let store = try ResultStore.open(at: url)
    return try store.trials().sorted { $0.index < $1.index }.flatMap { t -> [String] in
      let head =
        "\(t.index) \(t.id) \(t.status) \(t.epochsCompleted) \(String(describing: t.finalValidationLoss)) "
        + "\(String(describing: t.bestValidationLoss)) \(String(describing: t.bestEpoch)) "
        + "\(t.failureReason ?? "-")"
      let epochs = try store.epochs(trialID: t.id).map { e in
        "  \(e.epoch) \(String(describing: e.trainLoss)) \(e.validationLoss) \(e.learningRate) "
          + "\(String(describing: e.statistics)) \(String(describing: e.exponents))"
      }
      return [head] + epochs
    }
  }

  static func run(
    _ spec: SweepSpec, store: URL, workers: Int = 1, shard: Shard? = nil,
    afterWrite: (@Sendable (String) throws -> Void)? = nil
  ) throws {
    var runner = SweepRunner(spec: spec, store: store)
    runner.workers = workers
    runner.shard = shard
    runner.afterWrite = afterWrite
    try runner.run()
  }

  @Test func storesAgreeWhateverWorkersShardsAndKills() throws {
    let dir = Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let spec = try Self.spec(in: dir)
    let reference = dir.appendingPathComponent("one.sqlite")
    try Self.run(spec, store: reference)
    let expected = try Self.contents(reference)
    let store = try ResultStore.open(at: reference)
    let trials = try store.trials().sorted { $0.index < $1.index }
    #expect(trials.map(\.status) == [.finished, .failed, .finished, .failed])
    #expect(trials[1].failureReason?.contains("NaN or infinite") == true)
    #expect(trials[0].epochsCompleted == 2 && trials[1].epochsCompleted == 0)
    // The store mirrors the run folder: every epoch's losses and spectrum.
    let folder = RunFolder(
      SweepRunner.runsDirectory(of: reference).appendingPathComponent(
        String(trials[0].id.prefix(16))))
    let metrics = try folder.readMetrics()
    let epochs = try store.epochs(trialID: trials[0].id)
    #expect(epochs.map(\.validationLoss) == metrics.map(\.validationLoss))
    #expect(epochs.map(\.statistics) == metrics.map(\.spectrum))
    let array = try NPY.read(folder.spectra, as: Double.self)
    let k = array.shape[1]
    let spectra = (0..<array.shape[0]).map { Array(array.data[($0 * k)..<(($0 + 1) * k)]) }
    #expect(epochs.map { $0.exponents ?? [] } == spectra)

    // Two workers at once.
    let two = dir.appendingPathComponent("two.sqlite")
    try Self.run(spec, store: two, workers: 2)
    #expect(try Self.contents(two) == expected)

    // Two shards, merged.
    let shards = try (1...2).map { i -> URL in
      let url = dir.appendingPathComponent("shard-\(i).sqlite")
      try Self.run(spec, store: url, shard: Shard(index: i, count: 2))
      return url
    }
    #expect(try ResultStore.open(at: shards[0]).trials().map(\.index).sorted() == [0, 2])
    let merged = dir.appendingPathComponent("merged.sqlite")
    try ResultStore.merge(stores: shards, into: merged)
    #expect(try Self.contents(merged) == expected)
    let wholeSpec = try ResultStore.open(at: reference).sweep.fingerprint
    #expect(try ResultStore.open(at: merged).sweep.fingerprint == wholeSpec)

    // A kill right after each kind of write (the n-th write of that kind), then a rerun.
    let kills = [
      ("create-temporary", 1), ("create-filled", 1), ("create-linked", 1), ("claim", 2),
      ("epoch", 1), ("epoch", 4), ("finish", 1), ("fail", 1),
    ]
    for (kind, n) in kills {
      let url = dir.appendingPathComponent("killed-\(kind)-\(n).sqlite")
      let counter = Counter()
      #expect(throws: SimulatedKill.self) {
        try Self.run(spec, store: url) { written in
          if written == kind, counter.next() == n { throw SimulatedKill() }
        }
      }
      // Before the store is linked into place there is no file at its path.
      let placed = !kind.hasPrefix("create-") || kind == "create-linked"
      #expect(FileManager.default.fileExists(atPath: url.path) == placed, "\(kind)")
      #expect(try Self.temporaries(of: url, in: dir).isEmpty == !kind.hasPrefix("create-"))
      try Self.run(spec, store: url)
      #expect(try Self.contents(url) == expected, "killed after \(kind) \(n)")
      #expect(try Self.temporaries(of: url, in: dir).isEmpty, "killed after \(kind) \(n)")
    }
  }

  /// The names in `dir` of the temporaries a creation of `url` builds in.
  static func temporaries(of url: URL, in dir: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
      $0.hasPrefix(url.lastPathComponent + ".creating-")
    }
  }

  @Test func specsAreCheckedThroughTheOptionTables() throws {
    let dir = Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    func message(_ yaml: String) -> String {
      do {
        _ = try Self.spec(yaml, in: dir).expand()
        return ""
      } catch {
        return "\(error)"
      }
    }
    #expect(message("name: a\ntask: smnist\nfixed: {text: x.txt}\n").contains("text"))
    #expect(message("name: a\ntask: signal\nfixed: {run-dir: r}\n").contains("run-dir"))
    #expect(
      message("name: a\ntask: signal\nfixed: {arch: lstm, eps: 0.5}\n").contains(
        "does not apply to lstm"))
    #expect(message("name: a\ntask: signal\nfixed: {hidden-size: many}\n").contains("hidden-size"))
    #expect(
      message("name: a\ntask: force\nfixed: {g: 1.5, hidden-size: 4}\n").contains("hidden-size"))
    #expect(message("name: a\ntask: force\nfixed: {density: 2}\n").contains("density"))
  }

  @Test func forceTrialsRecordTheirEpochsAndOneSpectrum() throws {
    let dir = Self.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let spec = try Self.spec(
      """
      name: force-test
      task: force
      fixed: {size: 12, epochs: 2, starts: 2, spectrum-steps: 20, density: 1}
      blocks:
        - {fixed: {g: 0.8}}
        - {fixed: {g: 1.5}}
      """, in: dir)
    let url = dir.appendingPathComponent("force.sqlite")
    try Self.run(spec, store: url)
    let store = try ResultStore.open(at: url)
    for trial in try store.trials() {
      #expect(trial.status == .finished && trial.epochsCompleted == 2)
      let epochs = try store.epochs(trialID: trial.id)
      #expect(epochs.map(\.epoch) == [1, 2] && epochs[0].exponents == nil)
      let runFolder = ForceRunFolder(
        SweepRunner.runsDirectory(of: url).appendingPathComponent(String(trial.id.prefix(16))))
      let report = try JSONDecoder().decode(
        ForceReport.self, from: Data(contentsOf: runFolder.report))
      #expect(epochs[1].exponents == report.exponents)
      #expect(epochs.map(\.validationLoss) == report.validationMAE)
    }
    let arrays = try StoreExport.arrays(store)
    #expect(arrays["spectra"]?.shape == [2, 12])
    // g differs between the blocks, so it is a varied name of the export.
    #expect(spec.variedNames == ["g"])
    #expect(arrays["param_g"]?.numbers?.data == [0.8, 1.5])
  }
}

/// Counts calls from any thread.
final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func next() -> Int {
    lock.lock()
    defer { lock.unlock() }
    count += 1
    return count
  }
}
