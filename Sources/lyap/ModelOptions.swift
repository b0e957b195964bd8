import ArgumentParser
import Foundation
import LinearAlgebra
import Lyapunov
import RecurrentNets
import TensorIO

/// Options of `lyap spectrum --model`: the network file, its inputs and the state convention.
struct ModelOptions: ParsableArguments {
  @Option(
    help: "A network in safetensors (written by lyap, or a PyTorch nn.RNN/LSTM/GRU state_dict).")
  var model: String?

  @Option(
    help: "Architecture, when the file does not say (PyTorch files: rnn, rnn-relu, lstm, gru).")
  var arch: Architecture?

  @Option(parsing: .unconditional, help: "Expected number of layers (checked against the file).")
  var layers: Int?

  @Option(help: "Tensor-name prefix of the recurrent module (detected from '*weight_ih_l0').")
  var prefix: String?

  @Option(help: "Input sequences [batch, steps, features] as .npy (float32 or float64).")
  var inputs: String?

  @Option(
    parsing: .unconditional,
    help: "Without --inputs: standard deviation of the Gaussian random inputs.")
  var inputStd: Double = 1

  @Option(
    help: "State convention: hidden (the thesis's; LSTM c held fixed) or full ([h, c], [y, z]).")
  var state: StateConvention = .hidden

  @Option(
    help:
      "Save the Q frames at --q-steps as .npy, shape [batch, steps, n, k] (the Q vectors as columns)."
  )
  var saveQ: String?

  @Option(help: "Comma-separated accumulation steps (0-based, after warmup) at which to keep Q.")
  var qSteps: String?

  @Option(
    parsing: .unconditional,
    help: "Noisy RNN: switch the step's noise on, drawn from this seed (default: off).")
  var noiseSeed: UInt64?

  @OptionGroup(title: "Architecture hyperparameters (override the file)")
  var hyper: HyperparameterOptions

  /// The parsed `--q-steps` list.
  func parsedQSteps() throws -> [Int] {
    guard let qSteps else {
      if saveQ != nil { throw CLIError("--save-q needs --q-steps, e.g. --q-steps 0,49,99") }
      return []
    }
    guard saveQ != nil else {
      throw CLIError("--q-steps \(qSteps) needs --save-q FILE, where those frames are written")
    }
    return try qSteps.split(separator: ",").map {
      guard let s = Int($0.trimmingCharacters(in: .whitespaces)) else {
        throw CLIError(
          "invalid --q-steps '\(qSteps)': give comma-separated step numbers, e.g. 0,49,99")
      }
      return s
    }
  }

  /// Loads the network in precision S.
  func network<S: BLASScalar>(dt: Double?, as: S.Type) throws -> (
    AnyRecurrentNetwork<S>, NetworkDescription
  ) {
    guard let model else { throw CLIError("no model given: pass --model W.safetensors") }
    try hyper.validate(dt: dt)
    guard FileManager.default.fileExists(atPath: model) else {
      throw CLIError("--model \(model): no such file")
    }
    let weights = try NetworkWeights<S>.read(
      URL(fileURLWithPath: model), architecture: arch, prefix: prefix,
      hyperparameters: hyper.hyperparameters(dt: dt))
    if let layers, layers != weights.description.layers {
      throw CLIError(
        "--layers \(layers) does not match the file, which has \(plural(weights.description.layers, "layer"))"
      )
    }
    var description = weights.description
    if weights.architectureGuessed && description.architecture == .rnn {
      FileHandle.standardError.write(
        Data(
          "note: \(model) does not say its nonlinearity; read as a tanh nn.RNN (pass --arch rnn-relu for nonlinearity='relu')\n"
            .utf8))
    }
    try hyper.checkApplies(to: description.architecture, dt: dt)
    do {
      try description.hyperparameters.validate(for: description.architecture)
    } catch {
      throw CLIError(
        "--model \(model): \(error) (from the file's metadata); fix the file or override the value with its option"
      )
    }
    description.hyperparameters = description.hyperparameters.withDefaults(
      for: description.architecture)
    return (try AnyRecurrentNetwork(weights, noiseSeed: noiseSeed), description)
  }

  /// The input sequences `[batch, steps, features]` and their shape: read from `--inputs`
  /// or drawn as Gaussian noise (one stream per trajectory) for `batch x steps`.
  func inputSequences<S: BLASScalar>(
    features: Int, batch: Int?, steps: Int, seed: UInt64, timeMajor: Bool = false, as: S.Type
  ) throws -> (data: [S], batch: Int, steps: Int) {
    if let inputs {
      var array: NDArray<S>
      do {
        array = try NPY.read(URL(fileURLWithPath: inputs), as: S.self)
      } catch {
        throw CLIError("cannot read --inputs \(inputs): \(error)")
      }
      guard array.shape.count == 3, array.shape[2] == features else {
        throw CLIError(
          "--inputs \(inputs) has shape \(array.shape); expected \(timeMajor ? "[steps, batch, \(features)] (--time-major)" : "[batch, steps, \(features)]") for this model"
        )
      }
      if timeMajor { array = try Self.batchMajor(array) }
      if let batch, batch != array.shape[0] {
        throw CLIError(
          "--batch \(batch) does not match --inputs, which holds \(plural(array.shape[0], "sequence"))"
        )
      }
      if let bad = array.data.firstIndex(where: { !$0.isFinite }) {
        throw CLIError("--inputs \(inputs) holds NaN or infinity at flat index \(bad)")
      }
      return (array.data, array.shape[0], array.shape[1])
    }
    guard inputStd >= 0 && inputStd.isFinite else {
      throw CLIError("invalid --input-std \(inputStd): must be a non-negative number")
    }
    let b = batch ?? 1
    guard b >= 1 else { throw CLIError("invalid batch \(b): need at least one trajectory") }
    let (perSequence, overflow1) = steps.multipliedReportingOverflow(by: features)
    let (values, overflow2) = perSequence.multipliedReportingOverflow(by: b)
    guard !overflow1 && !overflow2 && values <= Self.maxInputValues else {
      throw CLIError(
        "--batch \(b) x \(plural(steps, "step")) x \(plural(features, "feature")) is more random input than fits in memory (at most \(Self.maxInputValues) values); use fewer sequences or steps"
      )
    }
    var data = [S](repeating: 0, count: b * steps * features)
    for trajectory in 0..<b {
      var g = SeededGenerator(seed: seed, stream: trajectory)
      for i in 0..<(steps * features) {
        data[trajectory * steps * features + i] = S(g.nextNormal() * inputStd)
      }
    }
    return (data, b, steps)
  }

  /// A `[steps, batch, features]` array as `[batch, steps, features]`.
  static func batchMajor<S: BLASScalar>(_ array: NDArray<S>) throws -> NDArray<S> {
    let (t, b, m) = (array.shape[0], array.shape[1], array.shape[2])
    var data = array.data
    for s in 0..<t {
      for j in 0..<b {
        for i in 0..<m { data[(j * t + s) * m + i] = array.data[(s * b + j) * m + i] }
      }
    }
    return try NDArray(shape: [b, t, m], data: data)
  }

  /// The most random input values drawn at once (8 GiB in Double).
  static let maxInputValues = 1 << 30

  /// Options that only `--model` reads, refused with `--system` instead of being ignored.
  func rejectWithoutModel() throws {
    for (option, given) in [
      ("--inputs", inputs != nil), ("--save-q", saveQ != nil), ("--q-steps", qSteps != nil),
      ("--arch", arch != nil), ("--layers", layers != nil), ("--prefix", prefix != nil),
      ("--noise-seed", noiseSeed != nil),
    ] where given {
      throw CLIError("\(option) applies to --model only; drop it for --system")
    }
  }

  /// Saves the Q frames of `spectrum` to `--save-q`: each an n x k matrix whose columns are
  /// the Q vectors (as `numpy.linalg.qr` returns Q), batch-major `[batch, steps, n, k]` (with
  /// `timeMajor`, `[steps, batch, n, k]`).
  func saveFrames(_ spectrum: LyapunovSpectrum, dimension n: Int, timeMajor: Bool) throws {
    guard let saveQ, let frames = spectrum.qFrames else { return }
    let (steps, batch, k) = (frames.count, frames.first?.count ?? 0, spectrum.exponents.count)
    var data = [Double](repeating: 0, count: steps * batch * n * k)
    for s in 0..<steps {
      for b in 0..<batch {
        let frame = frames[s][b]  // column-major: Q[i, j] at j * n + i
        let base = (timeMajor ? s * batch + b : b * steps + s) * n * k
        for i in 0..<n {
          for j in 0..<k { data[base + i * k + j] = frame[j * n + i] }
        }
      }
    }
    let shape = timeMajor ? [steps, batch, n, k] : [batch, steps, n, k]
    let array = try NDArray<Double>(shape: shape, data: data)
    try OutputFile.write(try NPY.encode(array), to: saveQ, option: "--save-q")
  }
}
