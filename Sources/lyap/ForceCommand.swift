import ArgumentParser
import Foundation
import Lyapunov
import Training

/// `lyap force`: a random rate network trained by FORCE (recursive least squares) on a
/// target signal, then the Lyapunov spectrum of its closed loop.
struct ForceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "force",
    abstract: "Train a random rate network by FORCE learning and compute its closed-loop spectrum.",
    discussion: """
      The network tau dx/dt = -x + g J r + w_f z, r = tanh(x), z = w r (Sussillo & Abbott \
      2009) is integrated by forward Euler (dt = 0.1 s, tau = 1 s). w is trained by \
      recursive least squares every --learn-every steps over --epochs periods of the target, \
      as one continuous run; after each epoch a copy runs --test-epochs periods with learning \
      off and its mean absolute error (MAE) is recorded. The last one is the validation MAE. \
      The spectrum of the closed loop F(x) = (1 - h) x + h (g J + w_f w) tanh(x) is averaged \
      over --starts states drawn from that run, --spectrum-steps steps each, QR every step; \
      exponents are in nats per step (one step is dt seconds).

      The default target is a random four-sine f(t) = sum A_i sin(pi F_i t / 60) with \
      integer F_i in --frequencies and A_i in --amplitudes, scaled to a peak of 1; --target \
      reads a [T] or [T, D] .npy file instead (one readout per column).

      --run-dir receives weights.safetensors (J [N, N] unscaled, row = receiving unit; w_f \
      [N, D]; w [D, N]; g, density, h and the seeds in the metadata), spectrum.npy ([k]) and \
      force.json (the --format json document).

      Examples:
        lyap force --size 200 --g 1.4 --seed 3
        lyap force --size 512 --g 1.5 --seed 0 --run-dir runs/force-g1.5-s0 --format json
        lyap force --size 100 --g 1.2 --target signal.npy --density 1 --exponents 10
      """)

  @Option(help: "Units N.") var size: Int = 512
  @Option(name: .customLong("g"), help: "The gain g of the recurrent weights.")
  var gain: Double = 1.5
  @Option(help: "Seed of J, w_f, the initial state and the spectrum starts.") var seed: UInt64 = 0
  @Option(help: "Connection probability of J; 1 gives a dense J.") var density: Double = 0.1
  @Option(help: "Training epochs (periods of the target).") var epochs: Int = 15
  @Option(help: "Periods of each learning-off validation run.") var testEpochs: Int = 1
  @Option(help: "Recursive least-squares update every this many steps.") var learnEvery: Int = 2
  @Option(help: "alpha of the initial inverse correlation P0 = I / alpha.") var alpha: Double = 1
  @Option(help: "Seed of the random four-sine target (default: --seed).") var targetSeed: UInt64?
  @Option(help: "Four-sine frequency range LO:HI (integers, inclusive).")
  var frequencies: String = "1:5"
  @Option(help: "Four-sine amplitude range LO:HI (integers, inclusive).")
  var amplitudes: String = "1:10"
  @Option(help: "A [T] or [T, D] .npy target instead of the four-sine.") var target: String?
  @Option(help: "Number of leading exponents k (default: all N).") var exponents: Int?
  @Option(help: "Spectrum starts drawn from the validation run.") var starts: Int = 10
  @Option(help: "Steps of each spectrum trajectory.") var spectrumSteps: Int = 200
  @Option(help: "Threads over which the spectrum starts are spread (BLAS single-threaded).")
  var threads: Int = 1
  @Option(help: "Folder for weights.safetensors, spectrum.npy and force.json.")
  var runDir: String?
  @Option(help: "Output format: table or json.") var format: OutputFormat = .table

  func run() throws {
    guard format != .csv else {
      throw CLIError("--format csv is not offered by force; use table or json")
    }
    var o = ForceOptions()
    (o.size, o.g, o.seed, o.density, o.epochs) = (size, gain, seed, density, epochs)
    (o.testEpochs, o.learnEvery, o.alpha, o.targetSeed) = (
      testEpochs, learnEvery, alpha, targetSeed
    )
    (o.frequencies, o.amplitudes, o.target) = (frequencies, amplitudes, target)
    (o.exponents, o.starts, o.spectrumSteps, o.threads) = (
      exponents, starts, spectrumSteps, threads
    )
    if target != nil { (o.frequencies, o.amplitudes) = (nil, nil) }
    let c: ForceConfiguration
    do {
      c = try o.configuration()
    } catch ForceError.invalidOption(let name, let value, let hint) {
      throw CLIError("invalid --\(name) \(value): \(hint)")
    }
    if let runDir {
      do {
        try FileManager.default.createDirectory(
          atPath: runDir, withIntermediateDirectories: true)
      } catch {
        var reason = error.localizedDescription
        while reason.hasSuffix(".") { reason.removeLast() }
        throw CLIError(
          "cannot create --run-dir \(runDir): \(reason); check the path and its permissions")
      }
    }
    let run: ForceRun
    do {
      run = try ForceExperiment.run(c)
    } catch ForceError.invalidOption(let name, let value, let hint) {
      throw CLIError("invalid --\(ForceOptions.optionOfSetting[name] ?? name) \(value): \(hint)")
    } catch {
      throw CLIError("\(error)")
    }
    if let runDir {
      do {
        try ForceRunFolder(URL(fileURLWithPath: runDir)).write(run)
      } catch {
        throw CLIError("cannot write the run to --run-dir \(runDir): \(error)")
      }
    }
    switch format {
    case .json: print(String(decoding: try run.report.json(), as: UTF8.self))
    default: print(Self.table(run.report), terminator: "")
    }
  }

  /// The report for people.
  static func table(_ r: ForceReport) -> String {
    let c = r.configuration
    func f(_ x: Double) -> String { String(format: "%.4f", x) }
    let target =
      r.target.frequencies.isEmpty
      ? "\(plural(r.target.samples, "sample")) x \(plural(r.target.outputs, "output"))"
      : "four-sine F = \(r.target.frequencies), A = \(r.target.amplitudes), \(plural(r.target.samples, "sample"))"
    var lines = [
      "FORCE network N = \(c.size), g = \(c.gain), density \(c.density), seed \(c.seed); target \(target)",
      "epoch   train MAE   validation MAE",
    ]
    for e in r.trainMAE.indices {
      lines.append(
        String(format: "%5d  %10.5f  %10.5f", e + 1, r.trainMAE[e], r.validationMAE[e]))
    }
    let s = r.statistics
    lines += [
      "validation MAE \(f(r.mae))",
      "spectrum: \(plural(r.exponents.count, "exponent")) in \(r.units), \(plural(c.starts, "start")) x \(plural(c.spectrumSteps, "step")), QR every step",
      "max \(f(s.max))  mean \(f(s.mean))  sum \(f(s.sum))  positive \(s.positiveCount)  Kaplan-Yorke dimension \(f(s.kaplanYorkeDimension))",
      "leading: "
        + r.exponents.prefix(5).map { String(format: "%+.4f", $0) }.joined(separator: " "),
      String(format: "training %.3f s, spectrum %.3f s", r.trainingSeconds, r.spectrumSeconds),
    ]
    return lines.joined(separator: "\n") + "\n"
  }
}
