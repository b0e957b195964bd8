import Foundation
import Testing

@testable import Experiments

@Suite struct OptionsJSONTests {
  @Test func encodesSortedCompactObjects() {
    let text = OptionsJSON.encode([
      "lr": .double(3), "cell": .string("a\"b"), "bias": .bool(true), "n": .int(-2),
    ])
    #expect(text == #"{"bias":true,"cell":"a\"b","lr":3.0,"n":-2}"#)
    #expect(OptionsJSON.encode([:]) == "{}")
  }

  @Test func decodingKeepsIntegersAndDoublesApart() throws {
    let values: [String: OptionValue] = [
      "int": .int(3), "double": .double(3), "small": .double(1e-5), "big": .int(Int.max),
      "text": .string("tab\there é\u{1}"), "yes": .bool(true), "no": .bool(false),
      "esc\"key": .double(-0.25),
    ]
    #expect(try OptionsJSON.decode(OptionsJSON.encode(values)) == values)
    // Whitespace and other writers' spellings are read too.
    #expect(
      try OptionsJSON.decode(#" { "a" : 1E2 , "b" : "\u00e9" } "#) == [
        "a": .double(100), "b": .string("é"),
      ])
  }

  @Test func rejectsWhatIsNotAFlatObject() {
    for text in ["", "[1]", #"{"a":}"#, #"{"a":1"#, #"{"a":[1]}"#, #"{"a":1} x"#, #"{"a":tru}"#] {
      #expect(throws: OptionsJSON.Failure.self, "\(text)") { try OptionsJSON.decode(text) }
    }
  }
}
