import Foundation

/// Option and variable maps as canonical JSON object text, the form a store keeps them in.
///
/// Encoding: keys sorted, no spaces, each value its ``OptionValue/canonicalJSON``
/// (`{"hidden":64,"lr":0.001}`). Decoding reads flat objects of strings, numbers and
/// booleans and keeps the kind the text shows: a number with `.`, `e` or `E` is a double
/// (`3.0`), one without is an integer (`3`), so `.int` and `.double` survive the round trip
/// (a generic JSON decoder would read `3.0` as an integer).
enum OptionsJSON {
  /// The canonical object text of `values`: keys sorted by their UTF-8 bytes (the order
  /// trial ids are computed in).
  static func encode(_ values: [String: OptionValue]) -> String {
    Trial.canonicalJSON(values)
  }

  /// Reads a flat JSON object of strings, numbers and booleans.
  ///
  /// - Throws: a message describing the first thing that is not such an object.
  static func decode(_ text: String) throws -> [String: OptionValue] {
    var parser = Parser(scalars: Array(text.unicodeScalars))
    return try parser.object()
  }

  struct Failure: Error { var message: String }

  private struct Parser {
    var scalars: [Unicode.Scalar]
    var position = 0

    mutating func object() throws -> [String: OptionValue] {
      try expect("{")
      var values: [String: OptionValue] = [:]
      skipSpaces()
      if peek == "}" {
        position += 1
        return try finished(values)
      }
      while true {
        skipSpaces()
        let key = try string()
        try expect(":")
        skipSpaces()
        values[key] = try value()
        skipSpaces()
        if peek == "," {
          position += 1
        } else {
          try expect("}")
          return try finished(values)
        }
      }
    }

    var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    mutating func skipSpaces() {
      while let c = peek, c == " " || c == "\n" || c == "\t" || c == "\r" { position += 1 }
    }

    mutating func expect(_ c: Unicode.Scalar) throws {
      skipSpaces()
      guard peek == c else { throw failure("expected '\(c)'") }
      position += 1
    }

    func failure(_ what: String) -> Failure {
      Failure(message: "\(what) at character \(position)")
    }

    func finished(_ values: [String: OptionValue]) throws -> [String: OptionValue] {
      var end = self
      end.skipSpaces()
      guard end.peek == nil else { throw end.failure("unexpected text after the object") }
      return values
    }

    /// A string literal, its escapes resolved by Foundation's JSON decoder.
    mutating func string() throws -> String {
      guard peek == "\"" else { throw failure("expected a string") }
      let start = position
      position += 1
      while let c = peek, c != "\"" { position += c == "\\" ? 2 : 1 }
      guard peek == "\"" else { throw failure("unterminated string") }
      position += 1
      var literal = String.UnicodeScalarView()
      literal.append(contentsOf: scalars[start..<position])
      do {
        return try JSONDecoder().decode(String.self, from: Data(String(literal).utf8))
      } catch {
        throw failure("invalid string \(String(literal))")
      }
    }

    mutating func value() throws -> OptionValue {
      switch peek {
      case "\"": return .string(try string())
      case "t", "f":
        for (word, value) in [("true", true), ("false", false)] where matches(word) {
          position += word.unicodeScalars.count
          return .bool(value)
        }
        throw failure("expected true or false")
      default:
        let start = position
        while let c = peek, "+-.0123456789eE".unicodeScalars.contains(c) { position += 1 }
        var token = String.UnicodeScalarView()
        token.append(contentsOf: scalars[start..<position])
        let text = String(token)
        if text.contains(where: { ".eE".contains($0) }), let d = Double(text) { return .double(d) }
        if let i = Int(text) { return .int(i) }
        throw failure(text.isEmpty ? "expected a value" : "invalid number \(text)")
      }
    }

    func matches(_ word: String) -> Bool {
      let w = Array(word.unicodeScalars)
      return position + w.count <= scalars.count
        && Array(scalars[position..<position + w.count]) == w
    }
  }
}
