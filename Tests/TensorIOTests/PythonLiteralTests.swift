import Testing

@testable import TensorIO

@Suite struct PythonLiteralTests {
  func parse(_ text: String) throws -> PythonLiteral {
    try PythonLiteral.parse(Array(text.utf8), utf8: true)
  }

  @Test func parsesTuplesAsPythonDoes() throws {
    #expect(try parse("()") == .tuple([]))
    #expect(try parse("(5,)") == .tuple([.integer(5)]))
    #expect(try parse("(2, 3)") == .tuple([.integer(2), .integer(3)]))
    #expect(try parse("( 2 ,3 , )") == .tuple([.integer(2), .integer(3)]))
    #expect(try parse("(5)") == .integer(5))  // parentheses alone make no tuple
    #expect(try parse("[1, [2]]") == .list([.integer(1), .list([.integer(2)])]))
  }

  /// A hostile header nested 100,000 deep is a syntax error, not a stack overflow.
  @Test func deepNestingIsRefused() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(throws: PythonLiteral.SyntaxError.self) { try parse(deep) }
    #expect((try? parse("[[[[1]]]]")) != nil)
  }

  @Test func parsesScalars() throws {
    #expect(try parse("True") == .boolean(true))
    #expect(try parse(" False\n") == .boolean(false))
    #expect(try parse("None") == .none)
    #expect(try parse("-42") == .integer(-42))
    #expect(try parse("7L") == .integer(7))
    #expect(try parse(#"'a\'b'"#) == .string("a'b"))
    #expect(try parse(#""<f8""#) == .string("<f8"))
    #expect(try parse("u'<f4'") == .string("<f4"))
  }

  @Test func looksUpTheLastValueOfARepeatedKey() throws {
    let dict = try parse("{'a': 1, 'b': (), 'a': 2,}")
    #expect(dict["a"] == .integer(2))
    #expect(dict["b"] == .tuple([]))
    #expect(dict["c"] == nil)
  }

  @Test func decodesLatin1OrUTF8Strings() throws {
    let bytes: [UInt8] = [0x27, 0xC3, 0xA9, 0x27]  // 'é' in UTF-8
    #expect(try PythonLiteral.parse(bytes, utf8: true) == .string("é"))
    #expect(try PythonLiteral.parse(bytes, utf8: false) == .string("Ã©"))
  }

  @Test func reportsWhereParsingFailed() {
    let cases: [(text: String, message: String)] = [
      ("", "unexpected end of header at byte 0"),
      ("'abc", "unterminated string"),
      ("{1: 2}", "dictionary keys must be strings"),
      ("(1 2)", "expected ',' or ')' at byte 3"),
      ("99999999999999999999", "integer too large"),
      ("Nope", "unexpected 'Nope'"),
      ("@", "unexpected character '@'"),
      ("1 2", "unexpected text after the header dictionary at byte 2"),
    ]
    for (text, message) in cases {
      #expect {
        _ = try parse(text)
      } throws: { error in
        (error as? PythonLiteral.SyntaxError)?.message.contains(message) == true
      }
    }
  }
}
