import LinearAlgebra
import RecurrentNets
import Training

/// A user-facing failure: what was wrong, with the offending value, and a hint.
/// ArgumentParser prints the description to stderr and exits with a non-zero code.
struct CLIError: Error, CustomStringConvertible {
  let description: String

  init(_ description: String) {
    self.description = description
  }

  /// A library error as the command line says it: a memory refusal names its option
  /// (`--batch 1000000000000 needs about ...`).
  init(describing error: Error) {
    if let memory = error as? InsufficientMemoryError {
      self.init("--\(memory.description)")
    } else if let error = error as? TrainingError {
      self.init(error.description(option: Self.flag))
    } else if case .invalidValue(let name, let value, let hint) = error as? NetworkError,
      TrainOptions.names.contains(name)
    {
      self.init("invalid \(Self.flag(name)) \(value): \(hint)")
    } else {
      self.init("\(error)")
    }
  }
}

extension CLIError {
  /// The command-line flag of option `name`: `--hidden-size`, `--init`.
  static func flag(_ name: String) -> String { "--" + name }
}

/// `1 layer`, `2 layers`.
func plural(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
