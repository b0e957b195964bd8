extension Hyperparameters {
  /// The option name of hyperparameter `name` (`gammaA` is `gamma-a`), as the command line
  /// and sweep specs spell it.
  public static func optionName(_ name: String) -> String {
    name.map { $0.isUppercase ? "-\($0.lowercased())" : "\($0)" }.joined()
  }

  /// Checks the given values: every one finite, `beta` in [0, 1], `dt` positive; and, for
  /// `architecture`, refuses the values it does not read instead of ignoring them.
  ///
  /// - Throws: ``NetworkError/invalidValue(name:value:hint:)`` naming the option.
  public func check(applyingTo architecture: Architecture? = nil) throws {
    for case let (name, value?) in named where !value.isFinite {
      throw NetworkError.invalidValue(
        name: Self.optionName(name), value: "\(value)", hint: "must be a finite number")
    }
    if let beta, !(beta >= 0 && beta <= 1) {
      throw NetworkError.invalidValue(
        name: "beta", value: "\(beta)", hint: "beta mixes two matrices and lies in [0, 1]")
    }
    if let dt, !(dt > 0) {
      throw NetworkError.invalidValue(
        name: "dt", value: "\(dt)", hint: "the time step must be positive and finite")
    }
    guard let architecture else { return }
    let used = Self.names(usedBy: architecture)
    for case let (name, value?) in named where !used.contains(name) {
      let reads = used.sorted().map(Self.optionName).joined(separator: ", ")
      throw NetworkError.invalidValue(
        name: Self.optionName(name), value: "\(value)",
        hint: "does not apply to \(architecture.rawValue), which reads "
          + (reads.isEmpty ? "no hyperparameters" : reads) + "; drop it")
    }
  }
}
