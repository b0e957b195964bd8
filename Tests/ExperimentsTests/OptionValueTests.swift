import Foundation
import Testing

@testable import Experiments

@Suite struct OptionValueTests {
  @Test func canonicalNumbersAreShortestRoundTrip() {
    #expect(OptionValue.double(0.1).canonicalJSON == "0.1")
    #expect(OptionValue.double(3).canonicalJSON == "3.0")
    #expect(OptionValue.double(1e-5).canonicalJSON == "1e-05")
    #expect(OptionValue.int(-7).canonicalJSON == "-7")
    for x in [0.1 + 0.2, 1 / 3.0, 2.5e-300, 123456789.125] {
      #expect(Double(OptionValue.double(x).canonicalJSON) == x)
    }
  }

  @Test func stringsEscapeOnlyWhatJSONRequires() throws {
    let s = "a\"b\\c\nd\u{1}é/"
    let text = OptionValue.string(s).canonicalJSON
    #expect(text == "\"a\\\"b\\\\c\\nd\\u0001é/\"")
    let back = try JSONDecoder().decode(String.self, from: Data(text.utf8))
    #expect(back == s)
  }
}
