import LinearAlgebra

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
    } else {
      self.init("\(error)")
    }
  }
}
