import ArgumentParser
import Experiments
import Foundation
import Report

/// `lyap report`: one self-contained HTML page of a run folder or a sweep export.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract:
      "One self-contained HTML report (inline SVG and CSS) of a run, a sweep or an analysis.",
    discussion: """
      INPUT is a lyap train run folder (summary, the lyap plot figures, config.json) or a \
      sweep's npz export (per-status counts, hyperparameter values, best trials, the sweep \
      figures) or a lyap analyze output folder (classifier F1 and thresholds, the \
      pre-trained AeLLE's recall, precision and F1 at each fraction of training, the analysis \
      figures). The page has no external files or scripts and opens offline; see \
      docs/plots.md.

      Examples:
        lyap report runs/smnist --output smnist.html
        lyap report sweep.npz --output sweep.html --highlight 3f2a,9c01
      """)

  @Argument(
    help:
      "A lyap train run folder, a sweep store (.sqlite) or export (.npz), or an analysis folder.")
  var input: String
  @Option(help: "The HTML file to write.") var output: String
  @Option(help: "Run folders: the epochs whose spectra are drawn (default: first, middle, last).")
  var epochs: String?
  @Option(help: "Sweeps: trials drawn in colour, as comma-separated trial id prefixes.")
  var highlight: String?

  func run() throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: input, isDirectory: &isFolder) else {
      throw CLIError("no such file or folder: \(input)")
    }
    let url = URL(fileURLWithPath: input)
    let report: HTMLReport
    if isFolder.boolValue,
      FileManager.default.fileExists(atPath: url.appendingPathComponent("analysis.json").path)
    {
      report = try AnalysisReport.report(folder: url)
    } else if isFolder.boolValue {
      guard FileManager.default.fileExists(atPath: url.appendingPathComponent("metrics.jsonl").path)
      else {
        throw CLIError(
          "\(input) is a folder without metrics.jsonl or analysis.json: lyap report reads lyap "
            + "train run folders, lyap analyze output folders and sweep exports (.npz)")
      }
      report = try RunReport.report(folder: url, epochs: try PlotCommand.parsedEpochs(epochs))
    } else if input.hasSuffix(".sqlite") {
      do {
        report = try SweepReport.report(
          store: ResultStore.open(at: url), highlight: PlotCommand.list(highlight))
      } catch let error as CLIError {
        throw error
      } catch {
        throw CLIError(describing: error)
      }
    } else if input.hasSuffix(".npz") {
      report = try SweepReport.report(
        try SweepTrials(npz: url), title: "Sweep \(url.lastPathComponent)",
        highlight: PlotCommand.list(highlight))
    } else {
      throw CLIError(
        "unknown input \(input): expected a lyap train run folder, a sweep store (.sqlite), a sweep export (.npz) or a lyap analyze folder"
      )
    }
    do {
      try report.html().write(toFile: output, atomically: true, encoding: .utf8)
    } catch {
      throw CLIError("cannot write --output \(output): \(error.localizedDescription)")
    }
    print(output)
  }
}
