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
    help: "Save the Q frames at --q-steps as .npy, shape [steps, batch, k, n] (vectors as rows).")
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
        "--layers \(layers) does not match the file, which has \(weights.description.layers) layer(s)"
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
    features: Int, batch: Int?, steps: Int, seed: UInt64, as: S.Type
  ) throws -> (data: [S], batch: Int, steps: Int) {
    if let inputs {
      let array: NDArray<S>
      do {
        array = try NPY.read(URL(fileURLWithPath: inputs), as: S.self)
      } catch {
        throw CLIError("cannot read --inputs \(inputs): \(error)")
      }
      guard array.shape.count == 3, array.shape[2] == features else {
        throw CLIError(
          "--inputs \(inputs) has shape \(array.shape); expected [batch, steps, \(features)] for this model"
        )
      }
      if let batch, batch != array.shape[0] {
        throw CLIError(
          "--batch \(batch) does not match --inputs, which holds \(array.shape[0]) sequences")
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
        "--batch \(b) x \(steps) steps x \(features) features is more random input than fits in memory (at most \(Self.maxInputValues) values); use fewer sequences or steps"
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

  /// Saves the Q frames of `spectrum` to `--save-q`.
  func saveFrames(_ spectrum: LyapunovSpectrum, dimension: Int) throws {
    guard let saveQ, let frames = spectrum.qFrames else { return }
    let batch = frames.first?.count ?? 0
    let k = spectrum.exponents.count
    let array = try NDArray<Double>(
      shape: [frames.count, batch, k, dimension], data: frames.flatMap { $0.flatMap { $0 } })
    try OutputFile.write(try NPY.encode(array), to: saveQ, option: "--save-q")
  }
}
