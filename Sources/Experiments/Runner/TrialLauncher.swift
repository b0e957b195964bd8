import Foundation

/// How a sweep runs each trial.
public enum TrialLauncher: Sendable {
  /// In this process, on the worker's thread (BLAS single-threaded for the whole process).
  case inProcess
  /// In a child process per trial: `executable` with `arguments(store, trialID)`, e.g.
  /// `lyap sweep worker --store S --trial ID`. The child runs with single-threaded OpenBLAS
  /// (`OPENBLAS_NUM_THREADS=1`; the thread count is process-wide), its output appended to
  /// the trial's log beside its run folder, and `LYAP_SWEEP_PARENT` set to this process's
  /// id so that it can end itself when this process dies (see ``WorkerProcess``).
  case childProcess(executable: URL, arguments: @Sendable (URL, String) -> [String])
}

/// The child side of ``TrialLauncher/childProcess(executable:arguments:)``.
public enum WorkerProcess {
  /// The environment variable naming the parent's process id.
  public static let parentVariable = "LYAP_SWEEP_PARENT"

  /// Ends this process when its parent dies (a SIGKILLed sweep must not leave trials
  /// training on): exits at once if the parent is already gone, and otherwise checks every
  /// quarter second on a thread of its own (exit status 137, as a kill). What the trial
  /// had written stays; its files are written atomically.
  public static func followParent() {
    guard let text = ProcessInfo.processInfo.environment[parentVariable], let parent = Int32(text)
    else { return }
    if getppid() != parent { exit(137) }
    Thread.detachNewThread {
      while getppid() == parent { usleep(250_000) }
      exit(137)
    }
  }

  /// Runs one trial in a child process and waits for it; returns its termination status
  /// (128 + signal for a signal).
  static func run(
    executable: URL, arguments: [String], log: URL, running: (Process?) -> Void
  ) throws -> Int32 {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = "1"
    environment[parentVariable] = "\(getpid())"
    process.environment = environment
    if !FileManager.default.fileExists(atPath: log.path) {
      FileManager.default.createFile(atPath: log.path, contents: nil)
    }
    let handle = try FileHandle(forWritingTo: log)
    defer { try? handle.close() }
    handle.seekToEndOfFile()
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw SweepRunError.workerLaunch(path: executable.path, reason: "\(error)")
    }
    running(process)
    process.waitUntilExit()
    running(nil)
    return process.terminationReason == .uncaughtSignal
      ? 128 + process.terminationStatus : process.terminationStatus
  }
}
