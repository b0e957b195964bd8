import Yams

/// Reading a sweep spec's YAML tree with errors that name the key's path.
///
/// Plain scalars take the type YAML 1.1 resolves (`3` an int, `0.5` and `1e-3` doubles,
/// `true` a boolean); quoted scalars are always strings, so `"3"` stays a string.
enum SpecYAML {
  /// `path.key`, or `key` at the top level.
  static func join(_ path: String, _ key: String) -> String {
    path.isEmpty ? key : "\(path).\(key)"
  }

  static func error(_ path: String, _ message: String) -> SweepSpecError {
    .invalid(path: path, message: message)
  }

  /// The entries of a mapping in the order written; a missing or null node is an empty
  /// mapping. With `allowed`, any other key is an error naming it and the expected keys.
  static func entries(
    _ node: Node?, at path: String, allowed: [String]? = nil
  ) throws -> [(key: String, value: Node)] {
    guard let node, !isNull(node) else { return [] }
    guard case .mapping(let mapping) = node else {
      throw error(path, "expected a mapping of keys to values")
    }
    var result: [(key: String, value: Node)] = []
    var seen: Set<String> = []
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        throw error(path, "keys must be plain names")
      }
      let key = scalar.string
      let keyPath = join(path, key)
      if let allowed, !allowed.contains(key) {
        throw error(keyPath, "unknown key; expected \(allowed.joined(separator: ", "))")
      }
      guard seen.insert(key).inserted else { throw error(keyPath, "given twice") }
      result.append((key, value))
    }
    return result
  }

  static func isNull(_ node: Node) -> Bool {
    if case .scalar(let s) = node, s.style == .plain || s.style == .any {
      return node.tag.description == Tag.Name.null.rawValue
    }
    return false
  }

  /// A scalar as an option value: int, finite double, boolean or string.
  static func value(_ node: Node, at path: String) throws -> OptionValue {
    guard case .scalar(let scalar) = node, !isNull(node) else {
      throw error(path, "expected a number, a boolean or a string")
    }
    switch node.tag.description {
    case Tag.Name.int.rawValue:
      guard let i = node.int else { throw error(path, "\(scalar.string) is not a 64-bit integer") }
      return .int(i)
    case Tag.Name.float.rawValue:
      guard let d = node.float, d.isFinite else {
        throw error(path, "\(scalar.string) is not a finite number")
      }
      return .double(d)
    case Tag.Name.bool.rawValue:
      guard let b = node.bool else { throw error(path, "\(scalar.string) is not a boolean") }
      return .bool(b)
    default:
      return .string(scalar.string)
    }
  }

  static func string(_ node: Node, at path: String) throws -> String {
    guard case .string(let s) = try value(node, at: path) else {
      throw error(path, "expected a string")
    }
    return s
  }

  static func int(_ node: Node, at path: String) throws -> Int {
    guard case .int(let i) = try value(node, at: path) else {
      throw error(path, "expected an integer")
    }
    return i
  }

  static func sequence(_ node: Node, at path: String) throws -> [Node] {
    guard case .sequence(let items) = node else { throw error(path, "expected a list") }
    return Array(items)
  }
}
