import Foundation
import TensorIO
import Testing

/// Negative numbers are values, and options that would be clamped or ignored are refused
/// with the value named.
@Suite struct OptionTests {
  static let model = CommandLineTests.shared.appendingPathComponent(
    "vectors/rnn_h16.f64.safetensors"
  ).path

  static func text() throws -> String {
    let text = CommandLineTests.temporary("text.txt")
    try String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 20)
      .write(toFile: text, atomically: true, encoding: .utf8)
    return text
  }

  @Test(arguments: [
    (["spectrum", "--system", "henon", "--warmup", "-5", "--steps", "10"], "--warmup -5"),
    (["spectrum", "--system", "lorenz", "--dt", "-1"], "--dt -1"),
    (["spectrum", "--system", "lorenz", "--dt", "1e-300", "--steps", "10"], "--dt 1e-300"),
    (["spectrum", "--system", "henon", "--batch", "-3"], "--batch -3"),
    (["spectrum", "--model", model, "--steps", "5", "--q-steps", "0"], "--save-q"),
    (
      [
        "init", "--arch", "cornn", "--input-size", "2", "--hidden-size", "3", "--dt", "-0.5",
        "--output", "/tmp/x.safetensors",
      ],
      "--dt -0.5"
    ),
    (
      [
        "init", "--arch", "lipschitz", "--input-size", "2", "--hidden-size", "3", "--beta", "2",
        "--output", "/tmp/x.safetensors",
      ],
      "--beta 2"
    ),
  ])
  func spectrumAndInitNameTheBadValue(arguments: [String], named: String) throws {
    let run = try CommandLineTests.lyap(arguments)
    #expect(run.status != 0 && run.stderr.contains(named), "\(arguments): \(run.stderr)")
    #expect(!run.stderr.contains("Missing value"))
  }

  @Test(arguments: [
    (["--lr", "-1"], "lr -1"),
    (["--dropout", "-0.5"], "dropout -0.5"),
    (["--momentum", "0.9"], "momentum 0.9"),
    (["--clip", "inf"], "clip inf"),
    (["--spectrum-warmup", "100000"], "--spectrum-warmup 100000"),
    (["--spectrum-warmup", "5", "--spectrum-steps", "8"], "--spectrum-steps 8"),
  ])
  func trainNamesTheBadValue(options: [String], named: String) throws {
    let text = try Self.text()
    let folder = CommandLineTests.temporary("run")
    defer { for path in [text, folder] { try? FileManager.default.removeItem(atPath: path) } }
    let run = try CommandLineTests.lyap(
      [
        "train", "--task", "charrnn", "--text", text, "--hidden-size", "4", "--seq-len", "10",
        "--epochs", "1", "--run-dir", folder,
      ]
        + options)
    #expect(run.status != 0 && run.stderr.contains(named), "\(options): \(run.stderr)")
    #expect(!run.stderr.contains("Missing value") && !run.stderr.contains("EncodingError"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/checkpoints"))
  }

  @Test func runDirMustBeAFolderName() throws {
    let text = try Self.text()
    defer { try? FileManager.default.removeItem(atPath: text) }
    let empty = try CommandLineTests.lyap([
      "train", "--task", "charrnn", "--text", text, "--run-dir", "",
    ])
    #expect(empty.status != 0 && empty.stderr.contains("--run-dir is empty"), "\(empty.stderr)")
    let file = try CommandLineTests.lyap([
      "train", "--task", "charrnn", "--text", text, "--run-dir", text,
    ])
    #expect(file.status != 0 && file.stderr.contains("is a file"), "\(file.stderr)")
  }

  /// Values near 1e200 overflow the normalization: refused instead of training on zeros.
  @Test func aSignalThatCannotBeNormalizedIsRefused() throws {
    let signal = CommandLineTests.temporary("signal.npy")
    defer { try? FileManager.default.removeItem(atPath: signal) }
    let values = (0..<400).map { 1e200 * Double($0 % 7 + 1) }
    try NPY.write(try NDArray(shape: [200, 2], data: values), to: URL(fileURLWithPath: signal))
    let run = try CommandLineTests.lyap([
      "train", "--task", "signal", "--signal", signal, "--hidden-size", "4", "--seq-len", "10",
      "--epochs", "1", "--run-dir", CommandLineTests.temporary("run"),
    ])
    #expect(run.status != 0 && run.stderr.contains("overflow"), "\(run.stderr)")
  }
}
