/// A Python literal as written in a `.npy` header: the subset NumPy's `repr` produces
/// (dicts, tuples, lists, strings, integers, `True`, `False`, `None`).
///
/// NumPy reads headers with `ast.literal_eval`; this parser accepts the same shapes of text:
/// any key order, any spacing, trailing commas, `()`, `(5,)`, `(2, 3)`, `u'...'` strings and
/// Python 2 `3L` integers.
indirect enum PythonLiteral: Equatable {
  case string(String)
  case integer(Int)
  case boolean(Bool)
  case none
  case tuple([PythonLiteral])
  case list([PythonLiteral])
  case dict([(key: String, value: PythonLiteral)])

  static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
    lhs.text == rhs.text
  }

  /// The value of `key` in a dict (the last one when repeated, as in Python), else `nil`.
  subscript(key: String) -> PythonLiteral? {
    guard case .dict(let entries) = self else { return nil }
    return entries.last { $0.key == key }?.value
  }

  /// Python-like source text, for messages.
  var text: String {
    switch self {
    case .string(let value): return "'\(value)'"
    case .integer(let value): return String(value)
    case .boolean(let value): return value ? "True" : "False"
    case .none: return "None"
    case .tuple(let items):
      return items.count == 1
        ? "(\(items[0].text),)" : "(" + items.map(\.text).joined(separator: ", ") + ")"
    case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
    case .dict(let entries):
      return "{" + entries.map { "'\($0.key)': \($0.value.text)" }.joined(separator: ", ") + "}"
    }
  }

  /// Parses `bytes` as one literal followed only by whitespace.
  ///
  /// - Parameter utf8: decode string contents as UTF-8 (`.npy` 3.0) rather than Latin-1.
  /// - Throws: `PythonLiteral.SyntaxError` describing the first problem and its byte offset.
  static func parse(_ bytes: [UInt8], utf8: Bool) throws(SyntaxError) -> PythonLiteral {
    var parser = Parser(bytes: bytes, utf8: utf8)
    let value = try parser.value()
    parser.skipWhitespace()
    if parser.position < bytes.count {
      throw parser.error("unexpected text after the header dictionary")
    }
    return value
  }

  /// Why a header did not parse.
  struct SyntaxError: Error {
    var message: String
  }
}

private struct Parser {
  let bytes: [UInt8]
  let utf8: Bool
  var position = 0
  /// Containers open around the current value. Headers nest two or three deep; a cap keeps
  /// a hostile header from exhausting the stack through `value` and `sequence`.
  var depth = 0
  static let maxDepth = 32

  init(bytes: [UInt8], utf8: Bool) {
    self.bytes = bytes
    self.utf8 = utf8
  }

  func error(_ message: String) -> PythonLiteral.SyntaxError {
    PythonLiteral.SyntaxError(message: "\(message) at byte \(position)")
  }

  mutating func skipWhitespace() {
    while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
      position += 1
    }
  }

  /// The next non-space byte, without consuming it.
  mutating func peek() -> UInt8? {
    skipWhitespace()
    return position < bytes.count ? bytes[position] : nil
  }

  mutating func value() throws(PythonLiteral.SyntaxError) -> PythonLiteral {
    guard depth < Self.maxDepth else {
      throw error("containers nested deeper than \(Self.maxDepth) levels")
    }
    depth += 1
    defer { depth -= 1 }
    guard let byte = peek() else { throw error("unexpected end of header") }
    switch byte {
    case UInt8(ascii: "{"): return try dict()
    case UInt8(ascii: "("):
      let (items, sawComma) = try sequence(closing: UInt8(ascii: ")"))
      // `(5)` is just 5 in Python; a tuple needs a comma or no items.
      return items.count == 1 && !sawComma ? items[0] : .tuple(items)
    case UInt8(ascii: "["): return .list(try sequence(closing: UInt8(ascii: "]")).items)
    case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return .integer(try integer())
    default:
      let word = identifier()
      switch word {
      case "True": return .boolean(true)
      case "False": return .boolean(false)
      case "None": return .none
      case "u", "b", "U", "B":
        if let quote = peekRaw(), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
          return .string(try string())
        }
        throw error("unexpected '\(word)'")
      case "": throw error("unexpected character '\(UnicodeScalar(byte))'")
      default: throw error("unexpected '\(word)'")
      }
    }
  }

  func isIdentifierByte(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_")
  }

  func peekRaw() -> UInt8? { position < bytes.count ? bytes[position] : nil }

  mutating func identifier() -> String {
    let start = position
    while position < bytes.count, isIdentifierByte(bytes[position]) {
      position += 1
    }
    return String(decoding: bytes[start..<position], as: UTF8.self)
  }

  mutating func dict() throws(PythonLiteral.SyntaxError) -> PythonLiteral {
    position += 1  // {
    var entries: [(key: String, value: PythonLiteral)] = []
    while true {
      guard let byte = peek() else { throw error("missing '}'") }
      if byte == UInt8(ascii: "}") {
        position += 1
        return .dict(entries)
      }
      guard case .string(let key) = try value() else {
        throw error("dictionary keys must be strings")
      }
      guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after key '\(key)'") }
      position += 1
      entries.append((key, try value()))
      switch peek() {
      case UInt8(ascii: ","): position += 1
      case UInt8(ascii: "}"): break
      default: throw error("expected ',' or '}' after the value of '\(key)'")
      }
    }
  }

  mutating func sequence(
    closing: UInt8
  ) throws(PythonLiteral.SyntaxError) -> (items: [PythonLiteral], sawComma: Bool) {
    position += 1  // ( or [
    var items: [PythonLiteral] = []
    var sawComma = false
    while true {
      guard let byte = peek() else { throw error("missing '\(UnicodeScalar(closing))'") }
      if byte == closing {
        position += 1
        return (items, sawComma)
      }
      items.append(try value())
      switch peek() {
      case UInt8(ascii: ","):
        position += 1
        sawComma = true
      case closing: break
      default: throw error("expected ',' or '\(UnicodeScalar(closing))'")
      }
    }
  }

  mutating func string() throws(PythonLiteral.SyntaxError) -> String {
    let quote = bytes[position]
    position += 1
    var content: [UInt8] = []
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      if byte == quote { return decode(content) }
      if byte == UInt8(ascii: "\\"), position < bytes.count {
        let escaped = bytes[position]
        position += 1
        switch escaped {
        case UInt8(ascii: "n"): content.append(0x0A)
        case UInt8(ascii: "t"): content.append(0x09)
        case UInt8(ascii: "r"): content.append(0x0D)
        default: content.append(escaped)
        }
      } else {
        content.append(byte)
      }
    }
    throw error("unterminated string")
  }

  func decode(_ content: [UInt8]) -> String {
    if utf8 { return String(decoding: content, as: UTF8.self) }
    var text = ""
    text.unicodeScalars.append(contentsOf: content.map { UnicodeScalar($0) })  // Latin-1
    return text
  }

  mutating func integer() throws(PythonLiteral.SyntaxError) -> Int {
    var negative = false
    if bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
      negative = bytes[position] == UInt8(ascii: "-")
      position += 1
    }
    let start = position
    var value = 0
    while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position])
    {
      let digit = Int(bytes[position] - UInt8(ascii: "0"))
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(digit)
      guard !overflow1, !overflow2 else { throw error("integer too large") }
      value = sum
      position += 1
    }
    guard position > start else { throw error("expected digits") }
    if position < bytes.count,
      bytes[position] == UInt8(ascii: "L") || bytes[position] == UInt8(ascii: "l")
    {
      position += 1  // Python 2 long suffix.
    }
    if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
      throw error("expected an integer, found a fraction")
    }
    return negative ? -value : value
  }
}
