import Foundation
import Lyapunov
import Testing

@testable import Experiments

@Suite struct ResultStoreTests {
  @Test func sweepAndTrialsRoundTrip() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("s.sqlite")
      let trials = StoreFixtures.trials(3)
      _ = try ResultStore.create(at: url, sweep: StoreFixtures.sweep(), trials: trials)
      let store = try ResultStore.open(at: url)
      #expect(store.sweep.info == StoreFixtures.sweep())
      #expect(store.sweep.fingerprint == ResultStore.fingerprint(of: trials.map(\.id).reversed()))
      let stored = try store.trials()
      #expect(stored.map(\.trial) == trials)
      #expect(stored.allSatisfy { $0.status == .pending && $0.worker == nil })
      // .int and .double stay apart through the JSON text.
      #expect(stored[0].trial.options["hidden"] == .int(8))
      #expect(stored[0].trial.options["lr"] == .double(0.001))
    }
  }

  @Test func epochsRoundTripWithInfinitiesAndNaN() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let store = try ResultStore.create(
        at: directory.appendingPathComponent("s.sqlite"), sweep: StoreFixtures.sweep(),
        trials: StoreFixtures.trials(3))
      let id = StoreFixtures.id(2)
      let annihilated = [-Double.infinity, -.infinity]
      let records = [
        StoreFixtures.epoch(trial: 2, epoch: 0),
        EpochRecord(
          epoch: 1, trainLoss: .infinity, validationLoss: .nan, seconds: 1.5, learningRate: 0.1,
          statistics: SpectrumStatistics(annihilated), exponents: annihilated),
        EpochRecord(
          epoch: 2, validationLoss: 0.3, seconds: 2, learningRate: 0.1,
          spectrumError: "the state became NaN at step 7"),
      ]
      for r in records { try store.recordEpoch(trialID: id, r) }
      let back = try store.epochs(trialID: id)
      #expect(back == records)
      #expect(back[0].exponents?.last == -.infinity)
      #expect(back[1].statistics?.max == -.infinity && back[1].statistics?.infiniteCount == 2)
      #expect(back[1].trainLoss == .infinity && back[1].validationLoss.isNaN)
      #expect(back[2].statistics == nil && back[2].exponents == nil)
      #expect(try store.trial(id: id)?.epochsCompleted == 2)
    }
  }

  @Test func recordingAnEpochAgainReplacesIt() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let store = try ResultStore.create(
        at: directory.appendingPathComponent("s.sqlite"), sweep: StoreFixtures.sweep(),
        trials: StoreFixtures.trials(1))
      let id = StoreFixtures.id(0)
      for e in 0...2 { try store.recordEpoch(trialID: id, StoreFixtures.epoch(trial: 0, epoch: e)) }
      let once = try store.epochs(trialID: id)
      for e in 0...2 { try store.recordEpoch(trialID: id, StoreFixtures.epoch(trial: 0, epoch: e)) }
      #expect(try store.epochs(trialID: id) == once)
      var changed = StoreFixtures.epoch(trial: 0, epoch: 1)
      changed.validationLoss = 9
      changed.exponents = nil
      changed.statistics = nil
      try store.recordEpoch(trialID: id, changed)
      let after = try store.epochs(trialID: id)
      #expect(after.count == 3)
      #expect(after[1] == changed)
    }
  }

  @Test func finishSummarizesTheEpochs() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let store = try ResultStore.create(
        at: directory.appendingPathComponent("s.sqlite"), sweep: StoreFixtures.sweep(),
        trials: StoreFixtures.trials(5))
      _ = try store.claimNextPending(worker: 0)
      try StoreFixtures.run(store, trial: 4)
      let trial = try #require(try store.trial(id: StoreFixtures.id(4)))
      #expect(trial.status == .finished && trial.finished != nil)
      #expect(trial.epochsCompleted == 3)
      #expect(trial.finalValidationLoss == StoreFixtures.validationLoss(trial: 4, epoch: 3))
      #expect(trial.finalAccuracy == StoreFixtures.epoch(trial: 4, epoch: 3).accuracy)
      #expect(trial.bestValidationLoss == StoreFixtures.validationLoss(trial: 4, epoch: 2))
      #expect(trial.bestEpoch == 2)
      #expect(trial.seconds == Double(5 + 6 + 7 + 8))
    }
  }

  @Test func claimFailAndReset() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let store = try ResultStore.create(
        at: directory.appendingPathComponent("s.sqlite"), sweep: StoreFixtures.sweep(),
        trials: StoreFixtures.trials(3))
      let first = try #require(try store.claimNextPending(worker: 7))
      #expect(first.index == 0 && first.status == .running && first.worker == 7)
      #expect(first.started != nil)
      let second = try #require(try store.claimNextPending(worker: 8))
      #expect(second.index == 1)
      try store.recordEpoch(trialID: second.id, StoreFixtures.epoch(trial: 1, epoch: 0))
      try store.fail(trialID: second.id, reason: "loss became NaN at epoch 1")
      #expect(try store.resetRunning() == 1)
      let counts = try store.counts()
      #expect(counts == [.pending: 2, .running: 0, .finished: 0, .failed: 1])
      let failed = try store.trials(status: .failed)
      #expect(failed.map(\.failureReason) == ["loss became NaN at epoch 1"])
      #expect(failed[0].seconds == 2)
      #expect(try store.claimNextPending(worker: 1)?.index == 0)
      #expect(try store.claimNextPending(worker: 1)?.index == 2)
      #expect(try store.claimNextPending(worker: 1) == nil)
    }
  }

  @Test func twoConnectionsNeverClaimTheSameTrial() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("s.sqlite")
      let count = 60
      _ = try ResultStore.create(
        at: url, sweep: StoreFixtures.sweep(), trials: StoreFixtures.trials(count))
      let stores = try [ResultStore.open(at: url), ResultStore.open(at: url)]
      let claimed = Claims()
      DispatchQueue.concurrentPerform(iterations: 2) { worker in
        do {
          while let trial = try stores[worker].claimNextPending(worker: worker) {
            try stores[worker].recordEpoch(
              trialID: trial.id, StoreFixtures.epoch(trial: trial.index, epoch: 0))
            claimed.add(trial.index)
          }
        } catch {
          claimed.fail("\(error)")
        }
      }
      #expect(claimed.errors.isEmpty, "\(claimed.errors)")
      #expect(claimed.indices.sorted() == Array(0..<count))
      #expect(try stores[0].counts()[.running] == count)
    }
  }

  @Test func refusesADifferentSpecAndBadFiles() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("s.sqlite")
      _ = try ResultStore.openOrCreate(
        at: url, sweep: StoreFixtures.sweep(), trials: StoreFixtures.trials(3))
      _ = try ResultStore.openOrCreate(
        at: url, sweep: StoreFixtures.sweep(), trials: StoreFixtures.trials(3))
      #expect(throws: ResultStoreError.self) {
        _ = try ResultStore.openOrCreate(
          at: url, sweep: StoreFixtures.sweep(), trials: StoreFixtures.trials(4))
      }
      #expect(throws: ResultStoreError.storeExists(path: url.path)) {
        _ = try ResultStore.create(at: url, sweep: StoreFixtures.sweep(), trials: [])
      }
      let text = directory.appendingPathComponent("notes.txt")
      try Data("not a database, just some text that is long enough".utf8).write(to: text)
      let error = #expect(throws: ResultStoreError.self) { _ = try ResultStore.open(at: text) }
      #expect(error?.description.contains("notes.txt") == true)
      let missing = directory.appendingPathComponent("missing.sqlite")
      #expect(throws: ResultStoreError.storeMissing(path: missing.path)) {
        _ = try ResultStore.open(at: missing)
      }
      var bad = StoreFixtures.trials(1)
      bad[0].id = "ABC"
      #expect(throws: ResultStoreError.invalidTrialID(id: "ABC")) {
        _ = try ResultStore.create(
          at: directory.appendingPathComponent("t.sqlite"), sweep: StoreFixtures.sweep(),
          trials: bad)
      }
      #expect(
        !FileManager.default.fileExists(atPath: directory.appendingPathComponent("t.sqlite").path))
      let store = try ResultStore.open(at: url)
      #expect(throws: ResultStoreError.unknownTrial(id: StoreFixtures.id(9), path: url.path)) {
        try store.finish(trialID: StoreFixtures.id(9))
      }
    }
  }
}

/// Thread-safe collection of claimed indices and errors.
private final class Claims: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var indices: [Int] = []
  private(set) var errors: [String] = []
  func add(_ index: Int) { lock.withLock { indices.append(index) } }
  func fail(_ message: String) { lock.withLock { errors.append(message) } }
}
