import Foundation
import Testing

@testable import Experiments

@Suite struct StoreMergeTests {
  /// Trial rows without their clock times, which differ between runs.
  private func timeless(_ store: ResultStore) throws -> [TrialRecord] {
    try store.trials().map { trial in
      var t = trial
      (t.started, t.finished) = (nil, nil)
      return t
    }
  }

  @Test func shardsMergeIntoTheUnshardedStore() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let count = 6
      let trials = StoreFixtures.trials(count)
      func store(_ name: String) throws -> ResultStore {
        try ResultStore.create(
          at: directory.appendingPathComponent(name), sweep: StoreFixtures.sweep(), trials: trials)
      }
      func claim(_ store: ResultStore, _ i: Int, worker: Int) throws {
        // Claim in spec order until trial i is running, putting the skipped ones back.
        while let trial = try store.claimNextPending(worker: worker), trial.index != i {}
        try store.resetRunningExcept(StoreFixtures.id(i))
      }
      let whole = try store("whole.sqlite")
      for i in 0..<count {
        try claim(whole, i, worker: i % 2)
        try StoreFixtures.run(whole, trial: i)
      }
      // Shard a runs the even trials, shard b the odd ones; b also holds a failed copy of
      // trial 0 and a running copy of trial 2, which the finished copies in a must win over.
      let a = try store("a.sqlite")
      let b = try store("b.sqlite")
      for i in stride(from: 0, to: count, by: 2) {
        try claim(a, i, worker: i % 2)
        try StoreFixtures.run(a, trial: i)
      }
      for i in stride(from: 1, to: count, by: 2) {
        try claim(b, i, worker: i % 2)
        try StoreFixtures.run(b, trial: i)
      }
      try claim(b, 0, worker: 0)
      try b.recordEpoch(trialID: StoreFixtures.id(0), StoreFixtures.epoch(trial: 5, epoch: 0))
      try b.fail(trialID: StoreFixtures.id(0), reason: "killed")
      try claim(b, 2, worker: 0)

      for order in [[b, a], [a, b]] {
        let name = "merged-\(order[0].url.lastPathComponent)"
        let merged = try ResultStore.merge(
          stores: order.map(\.url), into: directory.appendingPathComponent(name))
        #expect(try timeless(merged) == timeless(whole))
        #expect(try merged.allEpochs() == whole.allEpochs())
        #expect(merged.sweep.info == whole.sweep.info)
        #expect(merged.sweep.fingerprint == whole.sweep.fingerprint)
      }
    }
  }

  @Test func refusesStoresOfDifferentSpecs() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let first = directory.appendingPathComponent("first.sqlite")
      let other = directory.appendingPathComponent("other.sqlite")
      _ = try ResultStore.create(
        at: first, sweep: StoreFixtures.sweep(), trials: StoreFixtures.trials(2))
      _ = try ResultStore.create(
        at: other, sweep: StoreFixtures.sweep(), trials: StoreFixtures.trials(3))
      let output = directory.appendingPathComponent("merged.sqlite")
      let error = #expect(throws: ResultStoreError.self) {
        try ResultStore.merge(stores: [first, other], into: output)
      }
      #expect(error?.description.contains("first.sqlite") == true)
      #expect(error?.description.contains("other.sqlite") == true)
      #expect(!FileManager.default.fileExists(atPath: output.path))
      #expect(throws: ResultStoreError.mergeIntoInput(path: first.path)) {
        try ResultStore.merge(stores: [first], into: first)
      }
    }
  }
}

extension ResultStore {
  /// Puts every running trial except `id` back to pending (a test helper).
  fileprivate func resetRunningExcept(_ id: String) throws {
    try pool.write { db in
      try db.execute(
        sql: "UPDATE trial SET status = 'pending', worker = NULL, started = NULL "
          + "WHERE status = 'running' AND id != ?", arguments: [id])
    }
  }
}
