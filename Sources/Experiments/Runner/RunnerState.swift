import Foundation

/// The bookkeeping a sweep's worker threads share: trials ended in this run (for progress
/// and the time estimate) and the child processes running, to stop them on request.
final class RunnerState: @unchecked Sendable {
  private let lock = NSLock()
  private let store: ResultStore
  private let start: Date
  private let progress: (@Sendable (SweepProgress) -> Void)?
  private var ended = 0
  private var children: [String: Process] = [:]
  private var stopping = false

  init(store: ResultStore, start: Date, progress: (@Sendable (SweepProgress) -> Void)?) {
    self.store = store
    self.start = start
    self.progress = progress
  }

  func trialEnded(_ trial: TrialRecord, _ outcome: TrialExecution.Outcome) {
    lock.lock()
    if outcome != .interrupted { ended += 1 }
    lock.unlock()
    report(ended: (trial.index, outcome))
  }

  /// Reports the store's counts, with an estimate from this run's pace (trials ended per
  /// second of wall time, all workers together).
  func report(ended trial: (index: Int, outcome: TrialExecution.Outcome)?) {
    guard let progress, let counts = try? store.counts() else { return }
    lock.lock()
    defer { lock.unlock() }
    let pending = counts[.pending] ?? 0
    let running = counts[.running] ?? 0
    let elapsed = Date().timeIntervalSince(start)
    let eta: Double? =
      ended > 0 ? elapsed / Double(ended) * (Double(pending) + Double(running) * 0.5) : nil
    progress(
      SweepProgress(
        finished: counts[.finished] ?? 0, failed: counts[.failed] ?? 0, running: running,
        pending: pending, etaSeconds: eta, ended: trial))
  }

  /// Remembers (or, with nil, forgets) the child process running `trialID`; a child that
  /// starts after a stop was requested is stopped at once.
  func track(_ trialID: String, _ process: Process?, stopping requested: Bool) {
    lock.lock()
    defer { lock.unlock() }
    children[trialID] = process
    if let process, stopping || requested { process.terminate() }
  }

  /// Sends SIGTERM to every running child: each stops after its current batch, keeping its
  /// finished epochs, and its trial stays to be continued.
  func stopChildren() {
    lock.lock()
    defer { lock.unlock() }
    stopping = true
    for process in children.values where process.isRunning { process.terminate() }
  }
}

/// The first error thrown by any worker thread.
final class ErrorSlot: @unchecked Sendable {
  private let lock = NSLock()
  private var error: Error?

  var first: Error? {
    lock.lock()
    defer { lock.unlock() }
    return error
  }

  func keep(_ error: Error) {
    lock.lock()
    defer { lock.unlock() }
    if self.error == nil { self.error = error }
  }
}
