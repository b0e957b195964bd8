import Analysis
import ArgumentParser
import Foundation
import TensorIO

/// `lyap gradients`: local-time gradients of a trained network, their alignment with the
/// Q vectors and their participation ratios (thesis chapter 4).
struct GradientsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gradients",
    abstract: "Per-step gradients dV_t of the recurrent weight, aligned with the Q vectors.",
    discussion: """
      dV_t is the gradient of the loss of the class read at step t (as if the sequence ended \
      there) with respect to weight_hh_l0, per sequence, from one forward pass and truncated \
      backward passes. Q_t is the frame of the QR recursion J_t Q_{t-1} = Q_t R_t over the \
      hidden-state Jacobians (k = N, QR every step, no warmup, Q_{-1} = I). Alignment: \
      the sample standard deviation of the cosines between a Q vector and the first (last) \
      five singular vectors of dV_t, averaged over the first ten, last ten and ten random Q \
      vectors, and over ten random unit vectors (expected about 1/sqrt(N)); then each \
      group's distribution over its indices and all steps (--save-alignment keeps the \
      per-index values). Participation \
      ratios of the singular values: thesis P = sum s^2 / (sum s)^2; normalized \
      (sum s)^2 / sum s^2 / N. LSTM/GRU: the sum of the gate blocks unless --gate names one.

      Examples:
        lyap gradients --model runs/rows/checkpoints/epoch-5.safetensors --task smnist \\
          --images t10k-images-idx3-ubyte.gz --labels t10k-labels-idx1-ubyte.gz --batch 25
        lyap gradients --model m.safetensors --inputs x.npy --targets y.npy \\
          --gradient-steps 0,27 --save-gradients dv.npy --save-q q.npy --format json
      """)

  @OptionGroup(title: "Model and data") var data: StudyDataOptions

  @Option(help: "Sequences analysed (the first ones of the data). (default: 25; all of --inputs)")
  var batch: Int?
  @Option(help: "Steps (0-based, comma-separated) whose dV_t and Q_t are saved.")
  var gradientSteps: String?
  @Option(
    help: "Save dV_t at --gradient-steps as .npy: [batch, steps, G*N, N], rows as weight_hh_l0.")
  var saveGradients: String?
  @Option(help: "Save Q_t at --gradient-steps as .npy: [batch, steps, N, N], vectors as columns.")
  var saveQ: String?
  @Option(
    help: """
      Save the per-Q-index alignment deviations as .npz: first_five, last_five [steps, N] \
      (averaged over the sequences) and steps (their step indices), float64.
      """)
  var saveAlignment: String?
  @Option(help: "Singular vectors compared with Q: left (default) or right.")
  var side: GradientAlignment.Side = .left
  @Option(
    help: "LSTM/GRU: analyse one gate block (0-based: i,f,g,o or r,z,n) instead of their sum.")
  var gate: Int?
  @Option(help: "Seed of the random Q indices and random vectors.") var seed: UInt64 = 0
  @Option(help: "Output format: table or json.") var format: OutputFormat = .table
  @Option(help: "Write the result to this file instead of stdout.") var output: String?

  func run() throws {
    guard format != .csv else {
      throw CLIError("--format csv is not offered here; use table or json")
    }
    if (saveGradients != nil || saveQ != nil) && gradientSteps == nil {
      throw CLIError("--save-gradients and --save-q need --gradient-steps, e.g. 0,27")
    }
    try OutputOptions.checkWritable([
      ("--output", output), ("--save-gradients", saveGradients), ("--save-q", saveQ),
      ("--save-alignment", saveAlignment),
    ])
    let saved = try gradientSteps.map { try parseIntegerList($0, option: "--gradient-steps") } ?? []
    let parameters = try data.loadModel()
    let sequences = try data.batch(count: data.inputs == nil ? (batch ?? 25) : batch)
    let study = GradientStudy(
      inputs: sequences.inputs, classes: sequences.classes, side: side, gate: gate,
      savedSteps: saved, seed: seed)
    let result: GradientStudy.Output
    do { result = try parameters.study(study) } catch { throw CLIError("lyap gradients: \(error)") }
    let b = sequences.classes.count
    guard let overall = result.alignment.overall else {
      throw CLIError(
        "lyap gradients: every analysed dV_t is zero (\(sequences.inputs.count) step(s); dV_0 "
          + "vanishes from the zero initial state), so there is no alignment; use at least 2 steps")
    }
    let n = parameters.network.hiddenSize
    if let saveGradients {
      try save(
        result.savedGradients, [b, saved.count, result.gates * n, n], saveGradients,
        "--save-gradients")
    }
    if let saveQ { try save(result.savedFrames, [b, saved.count, n, n], saveQ, "--save-q") }
    if let saveAlignment { try save(result.alignment.perIndex, saveAlignment) }
    let report = GradientsReport(
      model: data.model, architecture: parameters.network.architecture.rawValue, hiddenSize: n,
      sequences: b, steps: sequences.inputs.count, side: side.rawValue,
      gate: gate.map { "\($0)" } ?? "sum", randomExpectation: result.alignment.randomExpectation,
      overall: overall, distributions: result.alignment.distributions,
      perStep: result.alignment.steps, meanLoss: result.meanLoss)
    try emitText(format == .json ? try studyJSON(report) : report.table, to: output)
  }

  private func save(_ p: GradientAlignment.PerIndexDeviations, _ path: String) throws {
    let n = p.firstFive.first?.count ?? 0
    do {
      try NPZ.write(
        [
          "first_five": try NDArray(shape: [p.steps.count, n], data: p.firstFive.flatMap { $0 }),
          "last_five": try NDArray(shape: [p.steps.count, n], data: p.lastFive.flatMap { $0 }),
          "steps": try NDArray(shape: [p.steps.count], data: p.steps.map(Double.init)),
        ], to: URL(fileURLWithPath: path))
    } catch {
      throw CLIError("cannot write --save-alignment \(path): \(error)")
    }
  }

  private func save(_ values: [Double], _ shape: [Int], _ path: String, _ option: String) throws {
    do {
      try NPY.write(try NDArray(shape: shape, data: values), to: URL(fileURLWithPath: path))
    } catch {
      throw CLIError("cannot write \(option) \(path): \(error)")
    }
  }
}

/// The JSON document of `lyap gradients` (schema in docs/json-output.md).
struct GradientsReport: Encodable {
  let model: String
  let architecture: String
  let hiddenSize: Int
  let sequences: Int
  let steps: Int
  let side: String
  let gate: String
  /// 1/sqrt(N).
  let randomExpectation: Double
  let overall: GradientAlignment.StepSummary
  /// Each group's per-index deviations over its indices and all steps.
  let distributions: GradientAlignment.Distributions
  let perStep: [GradientAlignment.StepSummary]
  /// Mean step-t cross-entropy in nats.
  let meanLoss: [Double]

  var table: String {
    func f(_ x: Double) -> String { String(format: "%.4f", x) }
    func row(_ label: String, _ s: GradientAlignment.StepSummary, loss: Double?) -> String {
      let a = s.firstFiveSingular
      let z = s.lastFiveSingular
      return [
        label, loss.map(f) ?? "", f(a.firstTenQ), f(a.lastTenQ), f(a.randomTenQ),
        f(a.randomVectors),
        f(z.firstTenQ), f(z.lastTenQ), f(z.randomTenQ), f(z.randomVectors),
        f(s.participation.thesis), f(s.participation.normalized),
      ].joined(separator: "\t")
    }
    var lines = [
      "# \(architecture) N=\(hiddenSize), \(plural(sequences, "sequence")) x \(plural(steps, "step")); \(side) singular vectors; gate \(gate)",
      "# alignment: mean sample std of cosines with the first 5 (s1-5) / last 5 (sN-4..N) singular vectors; random expectation 1/sqrt(N) = \(f(randomExpectation))",
      "# P_thesis = sum s^2/(sum s)^2; PR_norm = (sum s)^2/sum s^2/N; loss in nats",
      "step\tloss\ts1-5:Q1-10\ts1-5:Qlast10\ts1-5:Qrand10\ts1-5:randvec\tsN:Q1-10\tsN:Qlast10\tsN:Qrand10\tsN:randvec\tP_thesis\tPR_norm",
      row("all", overall, loss: meanLoss.reduce(0, +) / Double(max(1, meanLoss.count))),
    ]
    for s in perStep { lines.append(row("\(s.step)", s, loss: meanLoss[s.step])) }
    lines += [
      "", "# distribution of the per-index deviations over each group's indices and all steps",
      "singular\tgroup\tcount\tmean\tstd\tmin\tq25\tmedian\tq75\tmax",
    ]
    for (label, g) in [
      ("s1-5", distributions.firstFiveSingular), ("sN-4..N", distributions.lastFiveSingular),
    ] {
      for (group, d) in [
        ("Q1-10", g.firstTenQ), ("Qlast10", g.lastTenQ), ("Qrand10", g.randomTenQ),
        ("randvec", g.randomVectors),
      ] {
        let values =
          [d.mean, d.standardDeviation, d.min, d.lowerQuartile, d.median]
          + [d.upperQuartile, d.max]
        lines.append(([label, group, "\(d.count)"] + values.map(f)).joined(separator: "\t"))
      }
    }
    return lines.joined(separator: "\n")
  }
}
extension GradientAlignment.Side: ExpressibleByArgument {}
