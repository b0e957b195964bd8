import Foundation

/// The value of one `lyap train` (or `lyap force`) option in a sweep: fixed in the spec,
/// drawn from a distribution, or substituted into a string.
///
/// Values compare and hash by kind and content, so `.int(3)` and `.double(3)` differ; the
/// canonical JSON text of a value (``canonicalJSON``) is what trial ids are computed from.
public enum OptionValue: Hashable, Sendable, Codable {
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)

  /// The canonical JSON text: `true`/`false`, integers in decimal, doubles in the shortest
  /// form that reads back to the same value (Swift's `description`, which is round-trip
  /// exact; a double that is a whole number keeps its `.0`), strings with the escapes JSON
  /// requires and nothing else escaped.
  public var canonicalJSON: String {
    switch self {
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d): return d.description
    case .string(let s): return Self.quoted(s)
    }
  }

  /// The text substituted for `{name}` in a `set` string: integers and doubles in their
  /// shortest round-trip form, strings as they are.
  public var substitutionText: String {
    switch self {
    case .bool(let b): return b ? "true" : "false"
    case .int(let i): return String(i)
    case .double(let d): return d.description
    case .string(let s): return s
    }
  }

  /// The value as a double, for numbers.
  public var number: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: return nil
    }
  }

  /// `s` as a JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`,
  /// ... or `\u00XX`; everything else (including non-ASCII) as it is.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let i = try? c.decode(Int.self) {
      self = .int(i)
    } else if let d = try? c.decode(Double.self) {
      self = .double(d)
    } else {
      self = .string(try c.decode(String.self))
    }
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .bool(let b): try c.encode(b)
    case .int(let i): try c.encode(i)
    case .double(let d): try c.encode(d)
    case .string(let s): try c.encode(s)
    }
  }
}
