import Foundation
import TensorIO
import Testing

/// Files given to the wrong option, or that are not files: each refused with a message that
/// says what the file is, and a non-zero exit.
@Suite struct InputFileTests {
  static let model = OptionTests.model
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("TensorIOTests/Fixtures")

  static func expectRefusal(
    _ arguments: [String], mentioning mentions: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let run = try CommandLineTests.lyap(arguments)
    #expect(run.status == 1, "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
    for mention in mentions {
      #expect(
        run.stderr.contains(mention), "'\(mention)' missing: \(run.stderr)",
        sourceLocation: sourceLocation)
    }
    for misleading in ["permission", "truncated", "JSON header", "Fatal error"] {
      #expect(!run.stderr.contains(misleading), "\(run.stderr)", sourceLocation: sourceLocation)
    }
  }

  @Test func modelsThatAreNotSafetensors() throws {
    let empty = CommandLineTests.temporary("empty.safetensors")
    FileManager.default.createFile(atPath: empty, contents: Data())
    defer { try? FileManager.default.removeItem(atPath: empty) }
    let gz = Self.fixtures.appendingPathComponent("u8_2x3x4.idx.gz").path
    let npy = Self.fixtures.appendingPathComponent("f8_2x3.npy").path
    let cases: [(String, [String])] = [
      ("/dev/null", ["'/dev/null'", "character device"]),
      (gz, ["gzip-compressed", "not a safetensors file"]),
      (npy, ["NumPy .npy file", "not a safetensors file"]),
      (empty, ["empty (0 bytes)"]),
      (FileManager.default.temporaryDirectory.path, ["is a directory"]),
    ]
    for (path, mentions) in cases {
      try Self.expectRefusal(["spectrum", "--model", path, "--steps", "5"], mentioning: mentions)
    }
  }

  @Test func inputsThatAreNotNpy() throws {
    try Self.expectRefusal(
      ["spectrum", "--model", Self.model, "--inputs", Self.model, "--steps", "5"],
      mentioning: ["--inputs", "a safetensors file, not a .npy file"])
    try Self.expectRefusal(
      ["spectrum", "--model", Self.model, "--inputs", "/dev/null", "--steps", "5"],
      mentioning: ["character device"])
  }

  @Test func trainingDataThatIsADevice() throws {
    for task in [["--task", "charrnn", "--text"], ["--task", "signal", "--signal"]] {
      try Self.expectRefusal(
        ["train"] + task + [
          "/dev/null", "--epochs", "1", "--run-dir", CommandLineTests.temporary("run"),
        ],
        mentioning: ["'/dev/null'", "character device"])
    }
  }

  /// A gzip-compressed text given to charrnn is named as such, with gunzip as the hint.
  @Test func gzippedTextIsNamedAsCompressed() throws {
    let gz = Self.fixtures.appendingPathComponent("u8_2x3x4.idx.gz").path
    try Self.expectRefusal(
      [
        "train", "--task", "charrnn", "--text", gz, "--epochs", "1", "--run-dir",
        CommandLineTests.temporary("run"),
      ],
      mentioning: [gz, "gzip-compressed", "gunzip", "not UTF-8 text"])
    let run = try CommandLineTests.lyap([
      "train", "--task", "charrnn", "--text", gz, "--run-dir", CommandLineTests.temporary("run"),
    ])
    #expect(!run.stderr.contains("iconv"), "\(run.stderr)")
  }

  /// Float32 images in IDX: two 28 x 28 images of zeros (type 0x0D, big-endian).
  @Test func floatIDXImagesAreNamedAsSuch() throws {
    let images = CommandLineTests.temporary("images.idx")
    let labels = CommandLineTests.temporary("labels.idx")
    defer { for path in [images, labels] { try? FileManager.default.removeItem(atPath: path) } }
    let dims: [UInt8] = [0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]
    FileManager.default.createFile(
      atPath: images,
      contents: Data([0, 0, 0x0D, 3] + dims + [UInt8](repeating: 0, count: 2 * 784 * 4)))
    FileManager.default.createFile(
      atPath: labels, contents: Data([0, 0, 0x08, 1, 0, 0, 0, 2, 3, 7]))
    let run = try CommandLineTests.lyap([
      "train", "--task", "smnist", "--images", images, "--labels", labels, "--train-count", "1",
      "--validation-count", "1", "--hidden-size", "4", "--epochs", "1",
      "--run-dir", CommandLineTests.temporary("run"),
    ])
    #expect(run.status == 1 && run.stderr.contains("float32"), "\(run.stderr)")
    #expect(run.stderr.contains("unsigned bytes") && !run.stderr.contains("IDX.read"))
  }

  /// A diagonal map's exponents are the logs of its entries' magnitudes, negative entries
  /// included, however the negative values are written.
  @Test(arguments: [
    ["--diagonal", "-0.5", "0.3"], ["--diagonal", "0.3", "-0.5"], ["--diagonal=-0.5", "0.3"],
    ["--diagonal", "-0.5", "--diagonal", "0.3"],
  ])
  func diagonalTakesNegativeEntries(options: [String]) throws {
    let run = try CommandLineTests.lyap(
      ["spectrum", "--system", "diagonal", "--steps", "20", "--format", "json"] + options)
    #expect(run.status == 0, "\(options): \(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let exponents = (object?["exponents"] as? [Double] ?? []).sorted(by: >)
    #expect(exponents.count == 2)
    if exponents.count == 2 {
      #expect(abs(exponents[0] - log(0.5)) < 1e-12 && abs(exponents[1] - log(0.3)) < 1e-12)
    }
  }

  /// Negative values of other options reach their checks instead of the parser's
  /// "missing value".
  @Test(arguments: [
    (["spectrum", "--model", model, "--save-q", "/tmp/q.npy", "--q-steps", "-1,5"], "-1"),
    (["force", "--size", "10", "--density", "-0.1"], "-0.1"),
    (["force", "--size", "10", "--frequencies", "-1:5"], "-1:5"),
  ])
  func negativeValuesOfOtherOptions(arguments: [String], named: String) throws {
    let run = try CommandLineTests.lyap(arguments)
    #expect(run.status == 1 && run.stderr.contains(named), "\(arguments): \(run.stderr)")
    #expect(!run.stderr.contains("Missing value") && !run.stderr.contains("Unknown option"))
  }
}
