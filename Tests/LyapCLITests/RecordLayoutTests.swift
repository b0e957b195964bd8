import Foundation
import TensorIO
import Testing

/// Records are batch-major like `--inputs`; `--time-major` switches both; `--version` and
/// the version in JSON results and run folders.
@Suite struct RecordLayoutTests {
  static let vectors = CommandLineTests.shared.appendingPathComponent("vectors")

  static func json(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
  }

  /// Each trajectory's exponent i is the mean of log R_ii over its QR steps (qr-interval 1,
  /// unit time step), and its last FTLE is the exponent: an identity that only holds when
  /// the record's first axis is the trajectory.
  @Test func rAndFTLERecordsAreBatchMajor() throws {
    let r = CommandLineTests.temporary("r.npy")
    let ftle = CommandLineTests.temporary("f.npy")
    defer { for path in [r, ftle] { try? FileManager.default.removeItem(atPath: path) } }
    let run = try CommandLineTests.lyap([
      "spectrum", "--system", "henon", "--batch", "3", "--steps", "7", "--format", "json",
      "--save-r", r, "--save-ftle", ftle,
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let perTrajectory = try Self.json(run.stdout)["perTrajectory"] as? [[Double]] ?? []
    let rArray = try NPY.read(URL(fileURLWithPath: r), as: Double.self)
    let fArray = try NPY.read(URL(fileURLWithPath: ftle), as: Double.self)
    #expect(rArray.shape == [3, 7, 2] && fArray.shape == [3, 7, 2])
    for b in 0..<3 {
      for i in 0..<2 {
        let mean = (0..<7).map { log(rArray.data[(b * 7 + $0) * 2 + i]) }.reduce(0, +) / 7
        #expect(abs(mean - perTrajectory[b][i]) < 1e-12, "trajectory \(b), exponent \(i)")
        #expect(abs(fArray.data[(b * 7 + 6) * 2 + i] - perTrajectory[b][i]) < 1e-12)
      }
    }
    let timeMajor = try CommandLineTests.lyap([
      "spectrum", "--system", "henon", "--batch", "3", "--steps", "7", "--save-r", r,
      "--time-major",
    ])
    #expect(timeMajor.status == 0, "\(timeMajor.stderr)")
    let t = try NPY.read(URL(fileURLWithPath: r), as: Double.self)
    #expect(t.shape == [7, 3, 2])
    #expect(t.data[(6 * 3 + 2) * 2 + 1] == rArray.data[(2 * 7 + 6) * 2 + 1])
  }

  /// Q frames are `[batch, steps, n, k]` with the Q vectors as orthonormal columns (k < n,
  /// so rows could not be orthonormal); time-major inputs give the same spectrum.
  @Test func qFramesHoldOrthonormalColumnsAndTimeMajorInputsAgree() throws {
    let q = CommandLineTests.temporary("q.npy")
    let transposed = CommandLineTests.temporary("x-time-major.npy")
    defer { for path in [q, transposed] { try? FileManager.default.removeItem(atPath: path) } }
    let model = Self.vectors.appendingPathComponent("rnn_h16.f64.safetensors").path
    let inputs = Self.vectors.appendingPathComponent("rnn_h16_x.npy")
    let run = try CommandLineTests.lyap([
      "spectrum", "--model", model, "--inputs", inputs.path, "--exponents", "3", "--format",
      "json", "--save-q", q, "--q-steps", "0,4",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let x = try NPY.read(inputs, as: Double.self)
    let frames = try NPY.read(URL(fileURLWithPath: q), as: Double.self)
    let (b, n, k) = (x.shape[0], 16, 3)
    #expect(frames.shape == [b, 2, n, k])
    for frame in 0..<(b * 2) {
      for c1 in 0..<k {
        for c2 in 0..<k {
          let dot = (0..<n).map {
            frames.data[frame * n * k + $0 * k + c1] * frames.data[frame * n * k + $0 * k + c2]
          }.reduce(0, +)
          #expect(abs(dot - (c1 == c2 ? 1 : 0)) < 1e-10)
        }
      }
    }
    // The same inputs stored [steps, batch, features].
    let (t, m) = (x.shape[1], x.shape[2])
    var data = [Double](repeating: 0, count: x.data.count)
    for s in 0..<t {
      for j in 0..<b {
        for i in 0..<m { data[(s * b + j) * m + i] = x.data[(j * t + s) * m + i] }
      }
    }
    try NPY.write(try NDArray(shape: [t, b, m], data: data), to: URL(fileURLWithPath: transposed))
    let again = try CommandLineTests.lyap([
      "spectrum", "--model", model, "--inputs", transposed, "--time-major", "--exponents", "3",
      "--format", "json",
    ])
    #expect(again.status == 0, "\(again.stderr)")
    let first = try Self.json(run.stdout)["exponents"] as? [Double]
    #expect(try Self.json(again.stdout)["exponents"] as? [Double] == first)
  }

  @Test func theVersionIsPrintedAndRecorded() throws {
    let version = try CommandLineTests.lyap(["--version"])
    #expect(version.status == 0 && version.stdout.hasPrefix("0."), "\(version.stdout)")
    let run = try CommandLineTests.lyap([
      "spectrum", "--system", "henon", "--steps", "10", "--format", "json",
    ])
    let lyap = try Self.json(run.stdout)["lyap"] as? [String: Any]
    #expect(
      (lyap?["version"] as? String).map { version.stdout.hasPrefix($0) } == true, "\(run.stdout)")
  }

  /// Help examples stay whole at 80 columns: every line of an example starts a command
  /// (`lyap`) or continues it with an option, so that pasting one works.
  @Test(arguments: ["spectrum", "init", "train"])
  func helpExamplesDoNotWrapInsideAnOption(command: String) throws {
    let help = try CommandLineTests.lyap([command, "--help"])
    guard let start = help.stdout.range(of: "Example") else {
      Issue.record("no examples in \(command) --help")
      return
    }
    let lines = help.stdout[start.upperBound...]
      .split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
      .prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    #expect(!lines.isEmpty)
    for line in lines {
      let text = line.trimmingCharacters(in: .whitespaces)
      #expect(text.hasPrefix("lyap ") || text.hasPrefix("--"), "\(command): '\(line)'")
    }
  }

  @Test func runFoldersRecordTheVersion() throws {
    let text = CommandLineTests.temporary("text.txt")
    let folder = CommandLineTests.temporary("run")
    defer { for path in [text, folder] { try? FileManager.default.removeItem(atPath: path) } }
    try String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 20)
      .write(toFile: text, atomically: true, encoding: .utf8)
    let run = try CommandLineTests.lyap([
      "train", "--task", "charrnn", "--text", text, "--arch", "rnn", "--hidden-size", "4",
      "--seq-len", "10", "--epochs", "1", "--spectrum-every", "0", "--run-dir", folder,
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let config = try Self.json(String(contentsOfFile: folder + "/config.json", encoding: .utf8))
    let version = try CommandLineTests.lyap(["--version"]).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(config["producedBy"] as? String == "lyap \(version)")
  }
}
