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

/// `1 layer`, `2 layers`.
func plural(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
