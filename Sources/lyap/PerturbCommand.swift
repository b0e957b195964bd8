import Analysis
import ArgumentParser
import Foundation

/// `lyap perturb`: R-value-guided input flips against random flips (thesis Algorithm 3,
/// Table 4.1).
struct PerturbCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "perturb",
    abstract: "Flip the inputs at the steps of largest R values and compare with random flips.",
    discussion: """
      Each image's steps are ranked by log R_1 (or the mean of log R_ii over the first n, \
      --score mean:n) of the QR recursion J_t Q_{t-1} = Q_t R_t over the hidden-state \
      Jacobians (QR every step, no warmup). The top k steps are flipped (0 -> 1, nonzero -> \
      0), and --random random k-step flips form the baseline. Columns: the mean loss change \
      (cross-entropy at the last step, nats) of R-guided and random flips, their difference, \
      V = sqrt(var_R/n_R + var_rand/n_rand) (sample variances; the thesis's "Variance"), the \
      one-sided z-test p = 1 - Phi(diff/V), Welch's t, its degrees of freedom and p.

      Example:
        lyap perturb --model runs/pixels/best.safetensors --task smnist \\
          --images t10k-images-idx3-ubyte.gz --labels t10k-labels-idx1-ubyte.gz \\
          --layout pixels --permute-seed 1 --first-image 0 --count 15
      """)

  @OptionGroup(title: "Model and data") var data: StudyDataOptions

  @Option(help: "Images perturbed.") var count = 15
  @Option(
    help:
      "Numbers of flipped steps, comma-separated. (default: those of 1,5,10,20,30,50,75,100,200 up to the sequence length)"
  )
  var k: String?
  @Option(help: "Random flips per image and k.") var random = 50
  @Option(help: "Step score: r1 or mean:N (mean log R over the first N).") var score = "r1"
  @Option(help: "Seed of the random flips.") var seed: UInt64 = 0
  @Option(help: "Table: print the logits of the first this many images at the largest k.")
  var showLogits = 1
  @Option(help: "Output format: table or json.") var format: OutputFormat = .table
  @Option(help: "Write the result to this file instead of stdout.") var output: String?

  func run() throws {
    guard format != .csv else {
      throw CLIError("--format csv is not offered here; use table or json")
    }
    guard let parsedScore = PerturbationScore(score) else {
      throw CLIError("--score '\(score)' is not r1 or mean:N with N >= 1")
    }
    try OutputOptions.checkWritable([("--output", output)])
    let given = try k.map { try parseIntegerList($0, option: "--k") }
    let parameters = try data.loadModel()
    let sequences = try data.batch(count: count)
    let ks = given ?? [1, 5, 10, 20, 30, 50, 75, 100, 200].filter { $0 <= sequences.inputs.count }
    let study = RGuidedPerturbation(
      inputs: sequences.inputs, classes: sequences.classes, ks: ks, randomCount: random,
      score: parsedScore, seed: seed)
    let result: RGuidedPerturbation.Output
    do { result = try parameters.study(study) } catch { throw CLIError("lyap perturb: \(error)") }
    let report = PerturbReport(
      model: data.model, firstImage: data.firstImage, images: sequences.classes.count,
      steps: sequences.inputs.count, score: parsedScore.description, random: random,
      seed: seed, rows: result.rows, logits: result.logits, rankedSteps: result.rankedSteps)
    try emitText(format == .json ? try studyJSON(report) : report.table(showLogits), to: output)
  }
}

/// The JSON document of `lyap perturb` (schema in docs/json-output.md).
struct PerturbReport: Encodable {
  let model: String
  let firstImage: Int
  let images: Int
  let steps: Int
  let score: String
  let random: Int
  let seed: UInt64
  let rows: [RGuidedPerturbation.Row]
  let logits: [RGuidedPerturbation.ImageLogits]
  let rankedSteps: [[Int]]

  func table(_ shown: Int) -> String {
    func f(_ x: Double) -> String { String(format: "%.4f", x) }
    func p(_ x: Double) -> String { String(format: "%.3g", x) }
    var lines = [
      "# \(plural(images, "image")) from validation image \(firstImage), \(plural(steps, "step")), score \(score), \(plural(random, "random flip")) each; loss changes in nats",
      "k\tmean_dR\tmean_drand\tdiff\tV\tp_z\tt_welch\tdf\tp_welch",
    ]
    for r in rows {
      let c = r.comparison
      lines.append(
        [
          "\(r.k)", f(r.meanRFlipped), f(r.meanRandom), f(c.difference), f(c.standardError),
          p(c.zTestP), f(c.welchT), String(format: "%.1f", c.welchDegreesOfFreedom), p(c.welchP),
        ].joined(separator: "\t"))
    }
    let largest = rows.map(\.k).max() ?? 0
    for l in logits where l.k == largest && l.image < shown {
      lines.append("# image \(firstImage + l.image) (label \(l.label)), k = \(l.k): logits")
      lines.append("original\t" + l.original.map(f).joined(separator: " "))
      lines.append("R-flipped\t" + l.rFlipped.map(f).joined(separator: " "))
      lines.append("random\t" + l.randomFlipped.map(f).joined(separator: " "))
    }
    return lines.joined(separator: "\n")
  }
}
