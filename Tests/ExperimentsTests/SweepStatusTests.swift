import Foundation
import Testing

@testable import Experiments

@Suite struct SweepStatusTests {
  @Test func countsSlowestFailuresAndETA() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let store = try ResultStore.create(
        at: directory.appendingPathComponent("s.sqlite"), sweep: StoreFixtures.sweep(),
        trials: StoreFixtures.trials(7))
      // Trials 0 and 1 finish on workers 0 and 1: 4 (i + 1) + 6 seconds, 10 and 14.
      for worker in 0...1 {
        let trial = try #require(try store.claimNextPending(worker: worker))
        try StoreFixtures.run(store, trial: trial.index)
      }
      let failing = try #require(try store.claimNextPending(worker: 0))
      try store.fail(trialID: failing.id, reason: "out of memory")
      let running = try #require(try store.claimNextPending(worker: 1))
      let started = try #require(running.started)

      let status = try store.status(slowest: 1, now: started.addingTimeInterval(5))
      #expect(status.sweepName == "grid")
      #expect(status.counts == [.pending: 3, .running: 1, .finished: 2, .failed: 1])
      #expect(status.total == 7)
      #expect(status.slowest.map(\.index) == [1])
      #expect(status.failed.map(\.failureReason) == ["out of memory"])
      #expect(status.workers == 2)
      #expect(status.meanTrialSeconds == Double(12))
      // 3 pending trials of 12 s and 12 - 5 s left of the running one, over 2 workers.
      #expect(status.etaSeconds == Double(3 * 12 + 7) / 2)
    }
  }

  @Test func noEstimateBeforeTheFirstTrialFinishes() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      let store = try ResultStore.create(
        at: directory.appendingPathComponent("s.sqlite"), sweep: StoreFixtures.sweep(),
        trials: StoreFixtures.trials(2))
      let status = try store.status()
      #expect(status.etaSeconds == nil && status.meanTrialSeconds == nil)
      #expect(status.counts[.pending] == 2 && status.workers == 0)
    }
  }
}
