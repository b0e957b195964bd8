import Dispatch
import Foundation
import LinearAlgebra

/// Where a running sweep stands, reported after each trial ends and as trials start.
public struct SweepProgress: Sendable {
  public var finished: Int
  public var failed: Int
  public var running: Int
  public var pending: Int
  /// Seconds left, estimated from the trials finished in this run; nil before the first.
  public var etaSeconds: Double?
  /// The trial that just ended and how, if one did.
  public var ended: (index: Int, outcome: TrialExecution.Outcome)?
}

/// Runs a sweep into its result store: the store is created from the spec (or reopened,
/// when it holds the same trials), trials left running by an interrupted run are pending
/// again, and `workers` trials at a time run to their end until none is pending. Running
/// the same sweep again after any crash finishes it; failed trials are not retried.
public struct SweepRunner: Sendable {
  public let spec: SweepSpec
  public let storeURL: URL
  public var workers = 1
  public var shard: Shard?
  public var launcher: TrialLauncher = .inProcess
  /// Called after each write to the store (the steps of its creation, `claim`, then those of
  /// ``TrialExecution``); tests throw ``SimulatedKill`` from it to stop the sweep as a kill
  /// right after that write.
  var afterWrite: (@Sendable (String) throws -> Void)? = nil

  public init(spec: SweepSpec, store: URL) {
    self.spec = spec
    self.storeURL = store
  }

  /// The folder of the trials' run folders and logs: `STORE.runs` beside the store.
  public static func runsDirectory(of store: URL) -> URL {
    store.deletingPathExtension().appendingPathExtension("runs")
  }

  /// The store for this sweep (and shard), created or reopened; the fingerprint is that of
  /// every trial of the spec, so that the shards of one spec merge.
  public func prepareStore() throws -> ResultStore {
    let expansion = try spec.expand()
    let mine = expansion.trials.filter { shard?.contains($0.index) ?? true }
    let info = SweepInfo(
      name: spec.name, task: spec.task.name, specText: spec.source,
      specDirectory: spec.baseDirectory.standardizedFileURL.path,
      variedNames: spec.variedNames, spectrumPerEpoch: spec.task.tracksSpectrumDuringTraining)
    return try ResultStore.openOrCreate(
      at: storeURL, sweep: info,
      trials: mine.map {
        StoredTrial(id: $0.id, index: $0.index, options: $0.options, variables: $0.variables)
      },
      fingerprint: ResultStore.fingerprint(of: expansion.trials.map(\.id)), busyTimeout: 30,
      afterWrite: afterWrite)
  }

  /// Runs every pending trial.
  ///
  /// - Parameters:
  ///   - shouldStop: polled between trials and (in process) between batches; when it turns
  ///     true no trial starts, running children are sent SIGTERM, and the trials they were
  ///     running stay to be continued.
  ///   - progress: called as trials start and end (from worker threads, one at a time).
  /// - Returns: the store's status at the end.
  @discardableResult
  public func run(
    shouldStop: @escaping @Sendable () -> Bool = { false },
    progress: (@Sendable (SweepProgress) -> Void)? = nil
  ) throws -> SweepStatus {
    guard workers >= 1 else { throw SweepRunError.invalidWorkers(workers) }
    let lock = try StoreLock(storeURL)
    defer { withExtendedLifetime(lock) {} }
    let store = try prepareStore()
    _ = try store.resetRunning()
    let runs = Self.runsDirectory(of: storeURL)
    try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
    var prepared = TrialExecution(
      store: store, specDirectory: URL(fileURLWithPath: store.sweep.info.specDirectory),
      runsDirectory: runs)
    prepared.afterWrite = afterWrite
    let execution = prepared
    if case .inProcess = launcher { BLASThreads.count = 1 }
    let state = RunnerState(store: store, start: Date(), progress: progress)
    let failures = ErrorSlot()
    let done = ErrorSlot()
    if case .childProcess = launcher {
      // A stop request reaches the children too (a signal may have reached only this process).
      Thread.detachNewThread {
        while done.first == nil {
          if shouldStop() { state.stopChildren() }
          usleep(100_000)
        }
      }
    }
    defer { done.keep(CancellationError()) }
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      do {
        while !shouldStop(), failures.first == nil,
          let trial = try store.claimNextPending(worker: worker)
        {
          try afterWrite?("claim")
          state.report(ended: nil)
          let outcome = try runTrial(trial, execution, state, shouldStop)
          state.trialEnded(trial, outcome)
        }
      } catch {
        failures.keep(error)
        state.stopChildren()
      }
    }
    if let error = failures.first { throw error }
    return try store.status()
  }

  func runTrial(
    _ trial: TrialRecord, _ execution: TrialExecution, _ state: RunnerState,
    _ shouldStop: @escaping @Sendable () -> Bool
  ) throws -> TrialExecution.Outcome {
    switch launcher {
    case .inProcess:
      return try execution.run(trial, shouldStop: shouldStop)
    case .childProcess(let executable, let arguments):
      let log = execution.folder(of: trial.id).url.appendingPathExtension("log")
      let status = try WorkerProcess.run(
        executable: executable, arguments: arguments(storeURL, trial.id), log: log
      ) { process in state.track(trial.id, process, stopping: shouldStop()) }
      guard let after = try execution.store.trial(id: trial.id) else { return .interrupted }
      switch after.status {
      case .finished: return .finished
      case .failed: return .failed(after.failureReason ?? "failed")
      case .pending, .running:
        if shouldStop() { return .interrupted }
        let reason = "its worker process exited with status \(status) (log: \(log.path))"
        try execution.store.fail(trialID: trial.id, reason: reason)
        return .failed(reason)
      }
    }
  }
}
