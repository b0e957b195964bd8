import Testing

@testable import TensorIO

@Suite struct NPYHeaderTests {
  func element(_ descr: String) throws -> StoredElement {
    try NPYHeader(descr: descr, fortranOrder: false, shape: []).element(source: "test")
  }

  @Test func mapsDTypesToStoredElements() throws {
    #expect(try element("<f4") == .float32)
    #expect(try element("<f8") == .float64)
    #expect(try element("=f8") == .float64)
    #expect(try element("<i4") == .int32)
    #expect(try element("<i8") == .int64)
    #expect(try element("|u1") == .uint8)
    #expect(try element("<u1") == .uint8)
    #expect(try element("|i1") == .int8)
    #expect(try element(">u1") == .uint8)  // byte order is irrelevant for one byte
  }

  @Test(arguments: ["<f2", "<c8", "<U5", "|b1", "|S3", "<M8[ns]", "f8", "", "|f8"])
  func rejectsOtherDTypes(descr: String) {
    expectTensorIOError("unsupportedDType", mentioning: ["'\(descr)'"]) { _ = try element(descr) }
  }

  @Test func rejectsBigEndianMultiByteTypes() {
    expectTensorIOError("bigEndian", mentioning: ["'>i4'"]) { _ = try element(">i4") }
  }

  @Test func rendersShapesLikePythonRepr() {
    func text(_ shape: [Int], fortran: Bool = false) -> String {
      NPYHeader(descr: "<f8", fortranOrder: fortran, shape: shape).dictionaryText
    }
    #expect(text([]) == "{'descr': '<f8', 'fortran_order': False, 'shape': (), }")
    #expect(
      text([5]) == "{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }"
        + String(repeating: " ", count: 20))
    #expect(
      text([12, 3]).hasPrefix("{'descr': '<f8', 'fortran_order': False, 'shape': (12, 3), }"))
    #expect(text([12, 3]).count == 60 + 19)  // dictionary, then 21 - len("12") spaces
    #expect(text([12, 345], fortran: true).hasSuffix(String(repeating: " ", count: 18)))
  }

  @Test func alignsEncodedHeadersTo64Bytes() throws {
    for rank in 0..<40 {
      let header = NPYHeader(
        descr: "<f4", fortranOrder: false, shape: Array(repeating: 123, count: rank))
      let bytes = try header.encoded()
      #expect(bytes.count % 64 == 0)
      #expect(bytes.last == 0x0A)
      let parsed = try NPYHeader.parse(
        Array(bytes[10..<(bytes.count - 1)]), utf8: false, source: "test")
      #expect(parsed == header)
    }
  }
}
