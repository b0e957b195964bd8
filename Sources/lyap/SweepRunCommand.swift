import ArgumentParser
import Experiments
import Foundation

/// The signal that asked the sweep to stop, 0 until then.
nonisolated(unsafe) private var sweepStopRequested: sig_atomic_t = 0

/// `lyap sweep run SPEC --store S`.
struct SweepRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run (or finish) a sweep: every pending trial, W at a time, into the store.",
    discussion: """
      Each trial trains in a child process (single-threaded BLAS) into its run folder under \
      STORE.runs/ (its log beside it), and every finished epoch is written to the store at \
      once. Killed at any moment, the same command continues where it stopped. On a Slurm \
      job array the shard is read from SLURM_ARRAY_TASK_ID/_MIN/_COUNT, in a Kubernetes \
      Indexed Job from JOB_COMPLETION_INDEX with --shards N.
      """)

  @Argument(help: "The sweep spec (YAML).") var spec: String
  @Option(help: "The result store (SQLite), created if missing.") var store: String
  @Option(parsing: .unconditional, help: "Trials trained at once (default 1).") var workers = 1
  @Option(help: "Run only share I of N of the trials (I from 1 to N), into its own store.")
  var shard: String?
  @Option(
    parsing: .unconditional,
    help: "The number of shards, for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX).")
  var shards: Int?
  @Flag(help: "Train the trials in this process instead of child processes.")
  var inProcess = false
  @Option(
    help:
      "Progress on stderr: auto (a line redrawn on a terminal, a line per trial otherwise), always, never."
  )
  var progress: ProgressMode = .auto

  func run() throws {
    guard workers >= 1 else {
      throw CLIError("invalid --workers \(workers): use at least 1")
    }
    do {
      let spec = try SweepSpec(
        contentsOf: URL(fileURLWithPath: self.spec), tasks: sweepTasks)
      var runner = SweepRunner(spec: spec, store: URL(fileURLWithPath: store))
      runner.workers = workers
      runner.shard =
        try shard.map(Shard.init(parsing:))
        ?? Shard.fromEnvironment(ProcessInfo.processInfo.environment, shards: shards)
      if !inProcess {
        // This very executable, whatever the working directory or PATH.
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        runner.launcher = .childProcess(
          executable: executable,
          arguments: { store, id in ["sweep", "worker", "--store", store.path, "--trial", id] })
      }
      signal(SIGINT) { sweepStopRequested = $0 }
      signal(SIGTERM) { sweepStopRequested = $0 }
      let line = SweepProgressLine(mode: progress, name: spec.name)
      let status = try runner.run(
        shouldStop: { sweepStopRequested != 0 }, progress: { line.show($0) })
      line.finish()
      if sweepStopRequested != 0 {
        FileHandle.standardError.write(
          Data("stopped; run the same command again to continue\n".utf8))
        throw ExitCode(128 + Int32(sweepStopRequested))
      }
      print(SweepStatusCommand.describe(status))
    } catch let error as ExitCode {
      throw error
    } catch {
      throw CLIError(describing: error)
    }
  }
}

/// `lyap sweep worker --store S --trial ID`: one trial, as a child of `lyap sweep run`.
struct SweepWorkerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worker", abstract: "Train one trial of a sweep (used by lyap sweep run).",
    shouldDisplay: false)

  @Option var store: String
  @Option var trial: String

  func run() throws {
    WorkerProcess.followParent()
    signal(SIGINT) { sweepStopRequested = $0 }
    signal(SIGTERM) { sweepStopRequested = $0 }
    do {
      let store = try ResultStore.open(at: URL(fileURLWithPath: store))
      guard let record = try store.trial(id: trial) else {
        throw CLIError("trial \(trial) is not in \(store.url.path)")
      }
      let execution = TrialExecution(
        store: store, specDirectory: URL(fileURLWithPath: store.sweep.info.specDirectory),
        runsDirectory: SweepRunner.runsDirectory(of: store.url))
      let outcome = try execution.run(record, shouldStop: { sweepStopRequested != 0 })
      switch outcome {
      case .finished: print("trial \(trial) finished")
      case .failed(let reason): print("trial \(trial) failed: \(reason)")
      case .interrupted: throw ExitCode(128 + Int32(sweepStopRequested))
      }
    } catch let error as ExitCode {
      throw error
    } catch let error as CLIError {
      throw error
    } catch {
      throw CLIError(describing: error)
    }
  }
}
