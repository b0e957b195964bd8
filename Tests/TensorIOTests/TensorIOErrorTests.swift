import TensorIO
import Testing

@Suite struct TensorIOErrorTests {
  /// Every case with the values its description must mention.
  static let cases: [(error: TensorIOError, mentions: [String])] = [
    (.unreadableFile(path: "/x/a.npy", reason: "no such file"), ["/x/a.npy", "no such file"]),
    (.unwritableFile(path: "/x/a.npy", reason: "read-only"), ["/x/a.npy", "read-only"]),
    (
      .truncated(source: "file 'a'", part: "header", expectedBytes: 10, actualBytes: 3),
      ["10", "3"]
    ),
    (
      .byteCountMismatch(source: "file 'a'", part: "data", expectedBytes: 8, actualBytes: 9),
      ["8", "9"]
    ),
    (
      .badMagic(source: "file 'a'", format: .npy, found: [0x0A], expected: [0x93]),
      ["0x0A", "0x93"]
    ),
    (.badMagic(source: "file 'a'", format: .npz, found: [], expected: [0x50]), ["(no bytes)"]),
    (.unsupportedVersion(source: "file 'a'", version: "9.1"), ["9.1"]),
    (.malformedHeader(source: "file 'a'", format: .safetensors, detail: "bad key"), ["bad key"]),
    (
      .unsupportedDType(
        source: "file 'a'", format: .safetensors, tensor: "weight_hh_l0", dtype: "BF16"),
      ["Tensor 'weight_hh_l0'", "BF16", "F32 and F64", "tensor.float()"]
    ),
    (.unsupportedDType(source: "file 'a'", format: .npy, tensor: nil, dtype: "<c8"), ["'<c8'"]),
    (.unsupportedDType(source: "file 'a'", format: .idx, tensor: nil, dtype: "0x01"), ["0x01"]),
    (.bigEndian(source: "file 'a'", dtype: ">f4"), [">f4"]),
    (.fortranOrder(source: "file 'a'"), ["Fortran"]),
    (.invalidShape(source: "file 'a'", shape: [-3]), ["[-3]"]),
    (
      .offsetsOutOfRange(source: "file 'a'", tensor: "w", begin: 4, end: 2, bufferBytes: 8),
      ["'w'", "[4, 2]", "8 bytes"]
    ),
    (.shapeMismatch(tensor: "w", shape: [2], count: 3), ["'w'", "[2]", "3 values"]),
    (.unsupportedScalarType(typeName: "Float80"), ["Float80"]),
    (.wrongElementType(source: "file 'a'", stored: "int32 (0x0C)"), ["int32 (0x0C)"]),
    (.unsupportedCompression(source: "file 'a'", member: "m.npy", method: 14), ["'m.npy'", "14"]),
    (.zip64Required(source: "file 'a'", detail: "has 70000 members"), ["70000"]),
    (.corruptData(source: "file 'a'", detail: "CRC 0x1"), ["CRC 0x1"]),
    (.invalidName(name: "", detail: "empty"), ["''"]),
    (
      .wrongFormat(source: "file 'a'", format: .npy, found: "a gzip-compressed file"),
      ["'a'", "gzip", "not a .npy file"]
    ),
    (.wrongFormat(source: "file 'a'", format: .idx, found: "empty (0 bytes)"), ["not an IDX"]),
  ]

  @Test(arguments: 0..<cases.count)
  func describesEveryCaseAsASentenceNamingTheValue(index: Int) {
    let (error, mentions) = Self.cases[index]
    let text = error.description
    for mention in mentions {
      #expect(text.contains(mention), "'\(mention)' missing from: \(text)")
    }
    #expect(text.first?.isUppercase == true, "\(text)")
    #expect(text.hasSuffix("."), "\(text)")
  }
}
