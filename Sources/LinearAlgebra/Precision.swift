/// The floating-point type a computation runs in.
public enum Precision: String, Codable, CaseIterable, Sendable {
  case double
  case float
}
