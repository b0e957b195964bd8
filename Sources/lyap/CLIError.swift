/// A user-facing failure: what was wrong, with the offending value, and a hint.
/// ArgumentParser prints the description to stderr and exits with a non-zero code.
struct CLIError: Error, CustomStringConvertible {
  let description: String

  init(_ description: String) {
    self.description = description
  }
}
