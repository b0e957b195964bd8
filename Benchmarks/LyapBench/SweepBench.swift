import Experiments
import Foundation
import LinearAlgebra
import Training

/// The sweep machinery's cost per trial: the same trials trained by ``TrainingRun`` alone
/// and through ``SweepRunner`` (store creation, claims, a store row per epoch with its
/// spectrum, the summary), in process, alternating, best of 3 each.
enum SweepBench {
  static let spec = """
    name: overhead
    task: signal
    fixed: {arch: lstm, hidden-size: 64, seq-len: 100, epochs: 2, batch-size: 32, lr: 0.002}
    vary: {seed: {choice: [1, 2, 3, 4]}}
    spectrum: {every: 1, batch: 4, steps: 100}
    """

  static func run() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lyapbench-sweep-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let sweep = try SweepSpec(yaml: spec, baseDirectory: dir, tasks: TrainSweepTask.all)
    let trials = try sweep.expand().trials
    BLASThreads.count = 1
    var direct = Double.infinity
    var swept = Double.infinity
    var epochs = 0
    for round in 0..<3 {
      direct = min(
        direct,
        try LyapBench.seconds {
          for trial in trials {
            let (spec, data) = try TrainOptions(trial: trial.options).specification()
            let folder = RunFolder(dir.appendingPathComponent("direct-\(round)-\(trial.index)"))
            epochs = try TrainingRun(specification: spec, folder: folder)
              .run(resume: false, dataset: data).count
          }
        })
      swept = min(
        swept,
        try LyapBench.seconds {
          try SweepRunner(spec: sweep, store: dir.appendingPathComponent("s\(round).sqlite"))
            .run()
        })
    }
    let overhead = (swept - direct) / direct
    print(
      "\nSweep machinery (in process, \(trials.count) LSTM-64 signal trials of \(epochs) epochs"
        + " with spectra, best of 3)")
    print(
      String(
        format:
          "  training alone %.3f s, through the sweep %.3f s: overhead %.2f%% (%.1f ms per trial)",
        direct, swept, 100 * overhead, 1000 * (swept - direct) / Double(trials.count)))
  }
}
