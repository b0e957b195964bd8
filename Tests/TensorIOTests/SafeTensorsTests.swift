import Foundation
import Testing

@testable import TensorIO

/// One F32 tensor `a = [1, -2]` with metadata, spelled out per the safetensors format.
private let handWritten: [UInt8] =
  [0x58, 0, 0, 0, 0, 0, 0, 0]  // header length 88, little-endian u64
  + ascii(#"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#)
  + spaces(3)  // 85 bytes of JSON padded to 88
  + [0x00, 0x00, 0x80, 0x3F]  // 1.0f
  + [0x00, 0x00, 0x00, 0xC0]  // -2.0f

/// A file with the given JSON header and `dataBytes` zero bytes of data.
private func file(json: String, dataBytes: Int) -> Data {
  var bytes: [UInt8] = []
  bytes.appendLittleEndian(UInt64(json.utf8.count))
  return Data(bytes + ascii(json) + [UInt8](repeating: 0, count: dataBytes))
}

private let vectors = TestFiles.shared.appendingPathComponent("vectors")

@Suite struct SafeTensorsBytesTests {
  @Test func encodesTheBytesTheFormatPrescribes() throws {
    let file = SafeTensorsFile(
      tensors: ["a": try NDArray<Float>(shape: [2], data: [1, -2])], metadata: ["format": "pt"])
    #expect([UInt8](try file.encode()) == handWritten)
  }

  @Test func decodesHandWrittenBytes() throws {
    let file = try SafeTensorsFile.decode(Data(handWritten), as: Double.self)
    #expect(file.metadata == ["format": "pt"])
    #expect(file.tensors == ["a": try NDArray(shape: [2], data: [1, -2])])
  }

  @Test func writesSortedContiguousTensorsAndAnAlignedHeader() throws {
    let file = SafeTensorsFile<Double>(tensors: [
      "z": try NDArray(shape: [3], data: [1, 2, 3]),
      "a": try NDArray(shape: [2, 2], data: [4, 5, 6, 7]),
      "m": NDArray(scalar: 8),
      "e": try NDArray(shape: [0, 4], data: []),
    ])
    let bytes = [UInt8](try file.encode())
    let length = bytes.withUnsafeBytes { Int($0.loadUnaligned(as: UInt64.self).littleEndian) }
    #expect(length % 8 == 0)
    // Parse the header independently with JSONSerialization.
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any])
    #expect(json["__metadata__"] == nil)
    func offsets(_ name: String) -> [Int]? {
      (json[name] as? [String: Any])?["data_offsets"] as? [Int]
    }
    #expect(offsets("a") == [0, 32])
    #expect(offsets("e") == [32, 32])
    #expect(offsets("m") == [32, 40])
    #expect(offsets("z") == [40, 64])
    #expect(((json["m"] as? [String: Any])?["shape"] as? [Int]) == [])
    #expect(((json["a"] as? [String: Any])?["dtype"] as? String) == "F64")
    #expect(bytes.count == 8 + length + 64)
    let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
    #expect(header.firstIndex(of: "a")! < header.firstIndex(of: "z")!)
  }
}

@Suite struct SafeTensorsPyTorchFileTests {
  @Test func readsTheRNNWeights() throws {
    let file = try SafeTensorsFile.read(
      vectors.appendingPathComponent("rnn_h16.f64.safetensors"), as: Double.self)
    #expect(
      file.tensors.keys.sorted() == ["bias_hh_l0", "bias_ih_l0", "weight_hh_l0", "weight_ih_l0"])
    #expect(file.tensors["weight_ih_l0"]?.shape == [16, 3])
    #expect(file.tensors["weight_hh_l0"]?.shape == [16, 16])
    #expect(file.tensors["bias_ih_l0"]?.shape == [16])
    #expect(file.tensors["bias_hh_l0"]?.shape == [16])
    #expect(file.metadata.isEmpty)
    let all = file.tensors.values.flatMap(\.data)
    #expect(all.allSatisfy { $0.isFinite } && all.contains { $0 != 0 })
  }

  @Test(arguments: ["rnn_h16", "lstm_h16"])
  func float32FileReadAsDoubleMatchesTheFloat64File(model: String) throws {
    let f64 = try SafeTensorsFile.read(
      vectors.appendingPathComponent("\(model).f64.safetensors"), as: Double.self)
    let f32 = try SafeTensorsFile.read(
      vectors.appendingPathComponent("\(model).f32.safetensors"), as: Double.self)
    let f32AsFloat = try SafeTensorsFile.read(
      vectors.appendingPathComponent("\(model).f32.safetensors"), as: Float.self)
    #expect(f32.tensors.keys.sorted() == f64.tensors.keys.sorted())
    for (name, reference) in f64.tensors {
      let widened = try #require(f32.tensors[name])
      #expect(widened.shape == reference.shape)
      for (a, b) in zip(widened.data, reference.data) {
        #expect(abs(a - b) <= 1e-6 * max(abs(b), 1e-30), "\(name): \(a) vs \(b)")
      }
      // Widening is exact: the Double values are precisely the stored Float values.
      #expect(widened.data == f32AsFloat.tensors[name]?.data.map(Double.init))
      // And the float32 file holds the float64 values rounded to nearest.
      #expect(f32AsFloat.tensors[name]?.data == reference.data.map(Float.init))
    }
  }

  @Test(arguments: ["rnn_h16", "lstm_h16"])
  func reencodesThePyTorchFilesByteForByte(model: String) throws {
    // PyTorch's writer sorts by name, packs contiguously and pads with spaces, as ours does.
    let f64 = vectors.appendingPathComponent("\(model).f64.safetensors")
    #expect(try SafeTensorsFile.read(f64, as: Double.self).encode() == Data(contentsOf: f64))
    let f32 = vectors.appendingPathComponent("\(model).f32.safetensors")
    #expect(try SafeTensorsFile.read(f32, as: Float.self).encode() == Data(contentsOf: f32))
  }
}

@Suite struct SafeTensorsRoundTripTests {
  static let shapes: [[Int]] = [[], [0], [5], [2, 3], [4, 0, 2], [2, 2, 2, 2]]

  func roundTrip<S: BinaryFloatingPoint & Sendable>(_ type: S.Type, metadata: [String: String])
    throws
  {
    var tensors: [String: NDArray<S>] = [:]
    for (index, shape) in Self.shapes.enumerated() {
      tensors["t\(index)"] = try NDArray(
        shape: shape, data: awkwardValues(S.self, count: shape.reduce(1, *)))
    }
    tensors["odd \"name\"\\ with ü, \t tab and \u{01}"] = NDArray(scalar: 1)
    let original = SafeTensorsFile(tensors: tensors, metadata: metadata)
    try TestFiles.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("w.safetensors")
      try original.write(to: url)
      let back = try SafeTensorsFile.read(url, as: S.self)
      #expect(back.metadata == metadata)
      #expect(back.tensors.keys.sorted() == tensors.keys.sorted())
      for (name, tensor) in tensors {
        #expect(back.tensors[name]?.shape == tensor.shape)
        #expect(identicalValues(back.tensors[name]?.data ?? [], tensor.data))
      }
    }
  }

  @Test func roundTripsDouble() throws {
    try roundTrip(Double.self, metadata: [:])
    try roundTrip(Double.self, metadata: ["format": "pt", "note": "line\nbreak \"quoted\""])
  }

  @Test func roundTripsFloat() throws {
    try roundTrip(Float.self, metadata: [:])
    try roundTrip(Float.self, metadata: ["step": "100"])
  }

  @Test func roundTripsAnEmptyFile() throws {
    let bytes = try SafeTensorsFile<Double>().encode()
    #expect([UInt8](bytes) == [8, 0, 0, 0, 0, 0, 0, 0] + ascii("{}") + spaces(6))
    #expect(try SafeTensorsFile.decode(bytes, as: Double.self) == SafeTensorsFile())
  }
}

@Suite struct SafeTensorsErrorTests {
  @Test func rejectsShortFiles() {
    expectTensorIOError("truncated", mentioning: ["8 bytes", "only 3"]) {
      _ = try SafeTensorsFile.decode(Data([1, 2, 3]), as: Double.self)
    }
  }

  @Test func rejectsAHeaderLongerThanTheFile() {
    let cut = Data(handWritten.prefix(50))
    expectTensorIOError("truncated", mentioning: ["88 bytes declared", "96 bytes", "only 50"]) {
      _ = try SafeTensorsFile.decode(cut, as: Double.self)
    }
    var huge = handWritten
    for i in 0..<8 { huge[i] = 0xFF }
    expectTensorIOError("truncated", mentioning: ["18446744073709551615 bytes declared"]) {
      _ = try SafeTensorsFile.decode(Data(huge), as: Double.self)
    }
  }

  @Test func rejectsTruncatedData() {
    let cut = Data(handWritten.dropLast(2))
    expectTensorIOError("offsetsOutOfRange", mentioning: ["'a'", "[0, 8]", "holds 6 bytes"]) {
      _ = try SafeTensorsFile.decode(cut, as: Double.self)
    }
  }

  @Test func rejectsUnsupportedDTypesNamingTheTensor() {
    for dtype in ["BF16", "F16", "I64", "BOOL", "U8"] {
      let json = #"{"weight_hh_l0":{"dtype":"\#(dtype)","shape":[2],"data_offsets":[0,4]}}"#
      expectTensorIOError(
        "unsupportedDType", mentioning: ["'weight_hh_l0'", "dtype \(dtype)", "tensor.float()"]
      ) {
        _ = try SafeTensorsFile.decode(file(json: json, dataBytes: 4), as: Double.self)
      }
    }
  }

  @Test func rejectsOffsetsOutsideTheBuffer() {
    let cases = [(0, 999), (8, 4), (-8, 0)]
    for (begin, end) in cases {
      let json = #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[\#(begin),\#(end)]}}"#
      expectTensorIOError(
        "offsetsOutOfRange", mentioning: ["'w'", "[\(begin), \(end)]", "16 bytes"]
      ) {
        _ = try SafeTensorsFile.decode(file(json: json, dataBytes: 16), as: Double.self)
      }
    }
  }

  @Test func rejectsOffsetsThatDisagreeWithTheShape() {
    let json = #"{"w":{"dtype":"F64","shape":[3],"data_offsets":[0,16]}}"#
    expectTensorIOError("byteCountMismatch", mentioning: ["'w'", "24 bytes", "16 bytes"]) {
      _ = try SafeTensorsFile.decode(file(json: json, dataBytes: 16), as: Double.self)
    }
  }

  @Test func rejectsMalformedHeaders() {
    let cases: [(json: String, mention: String)] = [
      ("not json", "not valid JSON"),
      ("[1, 2]", "the top level"),
      (#"{"w":{"dtype":"F32","shape":[2]}}"#, "'data_offsets'"),
      (#"{"w":{"dtype":"F32","shape":["2"],"data_offsets":[0,8]}}"#, "'w.shape[0]'"),
      (#"{"w":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#, "JSON"),
      (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}}"#, "[0, 4, 8]"),
      (#"{"w":{"shape":[2],"data_offsets":[0,8]}}"#, "'dtype'"),
      (#"{"__metadata__":{"n":1}}"#, "'__metadata__.n'"),
    ]
    for (json, mention) in cases {
      expectTensorIOError("malformedHeader", mentioning: [mention, "safetensors"]) {
        _ = try SafeTensorsFile.decode(file(json: json, dataBytes: 8), as: Double.self)
      }
    }
  }

  /// As Python's safetensors: data ranges must tile the buffer, without gaps, overlaps or
  /// trailing bytes.
  @Test func rejectsDataRangesThatDoNotTileTheBuffer() {
    let cases: [(json: String, bytes: Int, mention: String)] = [
      (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, 16, "starts at byte 8"),
      (#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 16, "cover 8 of the 16"),
      (
        #"{"v":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
          + #""w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 8, "starts at byte 0"
      ),
    ]
    for (json, bytes, mention) in cases {
      expectTensorIOError("malformedHeader", mentioning: [mention]) {
        _ = try SafeTensorsFile.decode(file(json: json, dataBytes: bytes), as: Double.self)
      }
    }
  }

  /// Files passed by mistake are named for what they are.
  @Test func recognizesOtherFormats() {
    let cases: [([UInt8], String)] = [
      ([0x50, 0x4B, 0x03, 0x04], "torch.save"), ([0x80, 0x02], "pickle"),
    ]
    for (magic, kind) in cases {
      expectTensorIOError("wrongFormat", mentioning: [kind, "save_file"]) {
        _ = try SafeTensorsFile.decode(
          Data(magic + [UInt8](repeating: 0, count: 16)), as: Double.self)
      }
    }
  }

  @Test func rejectsNegativeShapes() {
    let json = #"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#
    expectTensorIOError("invalidShape", mentioning: ["'w'", "[-2]"]) {
      _ = try SafeTensorsFile.decode(file(json: json, dataBytes: 8), as: Double.self)
    }
  }

  @Test func rejectsBadTensorsOnWrite() throws {
    let reserved = SafeTensorsFile(tensors: ["__metadata__": NDArray<Double>(scalar: 1)])
    expectTensorIOError("invalidName", mentioning: ["'__metadata__'"]) { _ = try reserved.encode() }
    var broken = NDArray<Float>(scalar: 1)
    broken.shape = [3]
    expectTensorIOError("shapeMismatch", mentioning: ["'bias'", "[3]"]) {
      _ = try SafeTensorsFile(tensors: ["bias": broken]).encode()
    }
  }
}
