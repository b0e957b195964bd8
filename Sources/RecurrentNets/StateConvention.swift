/// Which tangent dynamics of a two-block cell (LSTM `[h, c]`, coRNN and LEM `[y, z]`) are
/// measured (DESIGN.md §3).
public enum StateConvention: String, Codable, Sendable, CaseIterable {
  /// The thesis's convention: the top-left block of the full Jacobian, `d h_t / d h_{t-1}`
  /// with the second block (c or z) held fixed. N exponents per layer.
  case hidden
  /// The true map on the whole state: 2N exponents per layer for two-block cells.
  case full
}
