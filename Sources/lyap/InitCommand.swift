import ArgumentParser
import Foundation
import LinearAlgebra
import RecurrentNets

/// `lyap init`: write a randomly initialized network to a safetensors file.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Write a random recurrent network (safetensors, PyTorch parameter names).",
    discussion: """
      RNN, LSTM and GRU files load into torch.nn.RNN/LSTM/GRU with load_state_dict. The \
      architecture and hyperparameters are stored in the file's metadata. Parameter names \
      and shapes of every architecture: docs/parameters.md.

      Example:
        lyap init --arch lstm --input-size 82 --hidden-size 128 \\
          --init uniform:0.08 --output w.safetensors
      """)

  @Option(help: "Architecture: \(Architecture.allCases.map(\.rawValue).joined(separator: ", ")).")
  var arch: Architecture
  @Option(parsing: .unconditional, help: "Input features M.") var inputSize: Int
  @Option(parsing: .unconditional, help: "Hidden units N per layer.") var hiddenSize: Int
  @Option(parsing: .unconditional, help: "Number of stacked layers.") var layers: Int = 1
  @Option(
    help:
      "Initializer: uniform:P (all parameters, default P = 1/sqrt(N) as PyTorch), normal:STD, orthogonal:GAIN or xavier."
  )
  var `init`: String?
  @Option(parsing: .unconditional, help: "Random seed.") var seed: UInt64 = 0
  @Option(help: "Stored precision: float (F32, as PyTorch) or double (F64).")
  var precision: Precision = .float
  @OptionGroup(title: "Architecture hyperparameters") var hyper: HyperparameterOptions
  @Option(
    parsing: .unconditional,
    help: "Time step of coRNN (0.042), Lipschitz/Noisy RNN (0.03) and LEM (1).")
  var dt: Double?
  @Option(help: "Output safetensors file.") var output: String

  func run() throws {
    try OutputFile.checkWritable([("--output", output)])
    try hyper.validate(dt: dt)
    try hyper.checkApplies(to: arch, dt: dt)
    let description = NetworkDescription(
      architecture: arch, layers: layers, inputSize: inputSize, hiddenSize: hiddenSize,
      hyperparameters: hyper.hyperparameters(dt: dt).withDefaults(for: arch))
    do {
      try description.validate()
      try description.checkMemory(
        scalarBytes: precision == .double ? 8 : 4, copies: 3,
        what: "the weights (drawn, gathered as tensors and encoded)")
      let initializer =
        try `init`.map(Initializer.init(parsing:))
        ?? .uniform(1 / Double(max(1, hiddenSize)).squareRoot())
      let url = URL(fileURLWithPath: output)
      switch precision {
      case .double:
        try NetworkWeights<Double>.random(description, initializer: initializer, seed: seed)
          .write(to: url)
      case .float:
        try NetworkWeights<Float>.random(description, initializer: initializer, seed: seed)
          .write(to: url)
      }
      print(
        "wrote \(output): \(arch.rawValue), \(plural(layers, "layer")), input \(inputSize), hidden \(hiddenSize), init \(initializer), seed \(seed)"
      )
    } catch let error as CLIError {
      throw error
    } catch {
      throw CLIError(describing: error)
    }
  }
}
