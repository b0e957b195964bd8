import ArgumentParser
import Experiments
import Foundation

/// `lyap sweep`: populations of training runs from one spec file, in a SQLite result store.
struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Train populations of networks from a YAML spec into a SQLite result store.",
    discussion: """
      A spec fixes and varies lyap train options by their long names (docs/sweeps.md). \
      `lyap sweep run` trains every trial, W at a time; run the same command again after a \
      crash or kill to finish the sweep (unfinished trials continue from their last \
      checkpoint, failed ones are not retried). `--shard I/N` runs one share into its own \
      store, `lyap sweep merge` combines the shards' stores.

      Examples:
        lyap sweep run examples/sweeps/smnist-demo.yaml --store smnist.sqlite --workers 2
        lyap sweep status smnist.sqlite
        lyap sweep export smnist.sqlite --format npz --output smnist.npz
      """,
    subcommands: [
      SweepRunCommand.self, SweepStatusCommand.self, SweepMergeCommand.self,
      SweepExportCommand.self, SweepWorkerCommand.self,
    ])
}

/// The tasks a spec may name.
let sweepTasks: [any SweepTask] = TrainSweepTask.all + [ForceSweepTask()]

/// `seconds` as `1h 02m`, `4m 05s` or `12s`.
func durationText(_ seconds: Double) -> String {
  let s = Int(seconds.rounded())
  if s >= 3600 { return String(format: "%dh %02dm", s / 3600, s % 3600 / 60) }
  if s >= 60 { return String(format: "%dm %02ds", s / 60, s % 60) }
  return "\(s)s"
}
