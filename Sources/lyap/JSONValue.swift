/// A JSON scalar for the `configuration` and `system` objects of reports, so numbers stay
/// numbers for programs reading the output.
enum JSONValue: Encodable, CustomStringConvertible {
  case int(Int)
  case double(Double)
  case string(String)
  case doubles([Double])

  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .int(let v): try container.encode(v)
    case .double(let v): try container.encode(v)
    case .string(let v): try container.encode(v)
    case .doubles(let v): try container.encode(v)
    }
  }

  var description: String {
    switch self {
    case .int(let v): return "\(v)"
    case .double(let v): return "\(v)"
    case .string(let v): return v
    case .doubles(let v): return v.map { "\($0)" }.joined(separator: " ")
    }
  }
}
