import Foundation
import Testing

/// Requests that cannot fit in memory are refused before anything is allocated, naming the
/// option, the bytes needed and the bytes available: one case per kind of estimate.
@Suite struct MemoryEstimateTests {
  static func expectRefusal(_ arguments: [String], option: String) throws {
    let run = try CommandLineTests.lyap(arguments)
    #expect(run.status == 1, "\(arguments): status \(run.status) \(run.stderr)")
    for fragment in [option, "needs about", "available"] {
      #expect(run.stderr.contains(fragment), "\(arguments): \(run.stderr)")
    }
    #expect(!run.stderr.contains("Fatal error"))
  }

  @Test(arguments: [
    (["--hidden-size", "10000000", "--input-size", "3"], "--hidden-size 10000000"),
    (["--hidden-size", "4", "--input-size", "3000000000"], "--input-size 3000000000"),
    (["--hidden-size", "100", "--input-size", "3", "--layers", "10000000"], "--layers 10000000"),
  ])
  func initRefusesWeightsBeyondMemory(sizes: [String], option: String) throws {
    let file = CommandLineTests.temporary("x.safetensors")
    try Self.expectRefusal(["init", "--arch", "rnn", "--output", file] + sizes, option: option)
    #expect(!FileManager.default.fileExists(atPath: file))
  }

  @Test func trainRefusesANetworkBeyondMemory() throws {
    let text = CommandLineTests.temporary("text.txt")
    let folder = CommandLineTests.temporary("run")
    defer { for path in [text, folder] { try? FileManager.default.removeItem(atPath: path) } }
    try String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 20)
      .write(toFile: text, atomically: true, encoding: .utf8)
    try Self.expectRefusal(
      [
        "train", "--task", "charrnn", "--text", text, "--hidden-size", "10000000", "--seq-len",
        "10", "--run-dir", folder,
      ], option: "--hidden-size 10000000")
  }

  @Test func spectrumRefusesABatchOfStatesBeyondMemory() throws {
    try Self.expectRefusal(
      ["spectrum", "--system", "gaussian-products", "--batch", "1000000000000", "--steps", "1"],
      option: "--batch 1000000000000")
  }

  @Test func spectrumRefusesRecordsBeyondMemory() throws {
    let r = CommandLineTests.temporary("r.npy")
    try Self.expectRefusal(
      ["spectrum", "--system", "henon", "--steps", "1000000000000", "--save-r", r],
      option: "--steps 1000000000000")
    #expect(!FileManager.default.fileExists(atPath: r))
  }

  @Test func spectrumRefusesQFramesBeyondMemory() throws {
    let weights = CommandLineTests.temporary("w.safetensors")
    defer { try? FileManager.default.removeItem(atPath: weights) }
    let made = try CommandLineTests.lyap([
      "init", "--arch", "rnn", "--input-size", "2", "--hidden-size", "2048", "--output", weights,
    ])
    #expect(made.status == 0, "\(made.stderr)")
    try Self.expectRefusal(
      [
        "spectrum", "--model", weights, "--batch", "64", "--steps", "20000", "--save-q",
        CommandLineTests.temporary("q.npy"), "--q-steps",
        (0..<20000).map(String.init).joined(separator: ","),
      ], option: "--q-steps")
  }

  /// Gzipped IDX bytes made by the system's gzip.
  static func gzipped(_ bytes: [UInt8], to path: String) throws {
    let plain = path + ".raw"
    try Data(bytes).write(to: URL(fileURLWithPath: plain))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c", plain]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try data.write(to: URL(fileURLWithPath: path))
    try FileManager.default.removeItem(atPath: plain)
  }

  static func header(_ dimensions: [UInt32]) -> [UInt8] {
    [0, 0, 8, UInt8(dimensions.count)]
      + dimensions.flatMap { d in
        (0..<4).reversed().map { UInt8(truncatingIfNeeded: d >> (8 * $0)) }
      }
  }

  /// A small gzip whose header claims millions of images: the counts are compared, and the
  /// size checked, before the data is inflated.
  @Test func idxHeadersAreCheckedBeforeInflating() throws {
    let images = CommandLineTests.temporary("images.gz")
    let labels = CommandLineTests.temporary("labels.gz")
    let many = CommandLineTests.temporary("many-labels.gz")
    defer {
      for path in [images, labels, many] { try? FileManager.default.removeItem(atPath: path) }
    }
    // 4 MB of zeros: a 4 KB gzip, its header claiming 4e9 images of 28 x 28.
    try Self.gzipped(
      Self.header([4_000_000_000, 28, 28]) + [UInt8](repeating: 0, count: 4 << 20), to: images)
    try Self.gzipped(Self.header([10]) + [UInt8](repeating: 1, count: 10), to: labels)
    try Self.gzipped(Self.header([4_000_000_000]) + [UInt8](repeating: 1, count: 10), to: many)
    let common = [
      "train", "--task", "smnist", "--images", images, "--run-dir",
      CommandLineTests.temporary("run"),
    ]
    let mismatch = try CommandLineTests.lyap(common + ["--labels", labels])
    #expect(mismatch.status == 1 && mismatch.stderr.contains("4000000000"), "\(mismatch.stderr)")
    try Self.expectRefusal(common + ["--labels", many], option: "--images \(images)")
  }
}
