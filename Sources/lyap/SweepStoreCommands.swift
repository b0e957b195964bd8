import ArgumentParser
import Experiments
import Foundation

/// `lyap sweep status S.sqlite`.
struct SweepStatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Counts by status, the slowest and the failed trials, and the time left.")

  @Argument(help: "The result store.") var store: String

  func run() throws {
    do {
      let store = try ResultStore.open(at: URL(fileURLWithPath: store))
      print(Self.describe(try store.status()))
    } catch {
      throw CLIError(describing: error)
    }
  }

  static func describe(_ s: SweepStatus) -> String {
    let c = s.counts
    var lines = [
      "sweep \(s.sweepName): \(plural(s.total, "trial")) — \(c[.finished] ?? 0) finished, \(c[.failed] ?? 0) failed, \(c[.running] ?? 0) running, \(c[.pending] ?? 0) pending"
    ]
    if let mean = s.meanTrialSeconds {
      lines.append(
        "mean trial time \(durationText(mean)) with \(plural(max(1, s.workers), "worker"))")
    }
    if let eta = s.etaSeconds, eta > 0 { lines.append("about \(durationText(eta)) left") }
    if !s.slowest.isEmpty {
      lines.append("slowest finished trials:")
      for t in s.slowest {
        lines.append(
          "  #\(t.index) \(t.id.prefix(12))  \(durationText(t.seconds ?? 0))  loss \(t.finalValidationLoss.map { String(format: "%.4f", $0) } ?? "-")"
        )
      }
    }
    if !s.failed.isEmpty {
      lines.append("failed trials:")
      for t in s.failed {
        lines.append("  #\(t.index) \(t.id.prefix(12))  \(t.failureReason ?? "")")
      }
    }
    return lines.joined(separator: "\n")
  }
}

/// `lyap sweep merge A.sqlite B.sqlite ... --output ALL.sqlite`.
struct SweepMergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Combine the stores of a sweep's shards (the same spec) into one store.")

  @Argument(help: "The stores to merge.") var stores: [String]
  @Option(help: "The merged store (a new file).") var output: String

  func run() throws {
    do {
      let merged = try ResultStore.merge(
        stores: stores.map { URL(fileURLWithPath: $0) }, into: URL(fileURLWithPath: output))
      print(SweepStatusCommand.describe(try merged.status()))
    } catch {
      throw CLIError(describing: error)
    }
  }
}

/// `lyap sweep export S.sqlite --format csv|npz --output F`.
struct SweepExportCommand: ParsableCommand {
  enum Format: String, ExpressibleByArgument, CaseIterable { case csv, npz }

  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a store's trials and epochs as CSV (a row per trial and epoch) or npz.",
    discussion: """
      npz arrays: trial_id, status, loss (final validation loss), accuracy, best_loss, \
      epochs, param_<name> per varied option or variable, k, spectra [trials, epochs + 1, \
      kmax] padded with NaN and loss_epochs [trials, epochs + 1] (validation loss after each \
      epoch); see docs/sweeps.md.
      """)

  @Argument(help: "The result store.") var store: String
  @Option(help: "csv or npz.") var format: Format
  @Option(help: "The file to write.") var output: String

  func run() throws {
    do {
      let store = try ResultStore.open(at: URL(fileURLWithPath: store))
      let url = URL(fileURLWithPath: output)
      switch format {
      case .csv: try StoreExport.writeCSV(store, to: url)
      case .npz: try StoreExport.writeNPZ(store, to: url)
      }
      print("wrote \(output)")
    } catch {
      throw CLIError(describing: error)
    }
  }
}
