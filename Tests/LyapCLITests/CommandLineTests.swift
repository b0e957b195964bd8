import Foundation
import Testing

/// The `lyap` executable end to end: results on stdout, clear errors with a non-zero exit.
@Suite struct CommandLineTests {
  /// The built `lyap` beside this test bundle (SwiftPM builds it as a dependency).
  static let binary: URL = {
    var folder = Bundle.main.bundleURL
    while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("lyap").path),
      folder.path != "/"
    {
      folder = folder.deletingLastPathComponent()
    }
    return folder.appendingPathComponent("lyap")
  }()

  static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("shared")

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func lyap(_ arguments: [String]) throws -> Run {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
      stderr: String(decoding: stderr, as: UTF8.self))
  }

  static func temporary(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent(
      "lyap-cli-\(UUID().uuidString)-\(name)"
    ).path
  }

  @Test func henonJSONHasTheDocumentedKeysAndValues() throws {
    let run = try Self.lyap(["spectrum", "--system", "henon", "--format", "json"])
    #expect(run.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let exponents = object["exponents"] as! [Double]
    #expect(abs(exponents[0] - 0.419) < 0.005 && abs(exponents[1] - -1.623) < 0.005)
    #expect(object["units"] as? String == "nats per step")
    let statistics = object["statistics"] as! [String: Any]
    for key in ["max", "mean", "sum", "positiveCount", "kaplanYorkeDimension", "entropy"] {
      #expect(statistics[key] != nil, "statistics.\(key)")
    }
    let configuration = object["configuration"] as! [String: Any]
    #expect(configuration["steps"] as? Int == 100_000)
    #expect(object["perTrajectory"] != nil && object["std"] != nil && object["seconds"] != nil)
  }

  @Test func badOptionsFailWithNamedValues() throws {
    let cases: [([String], String)] = [
      (["spectrum", "--system", "henon", "--exponents", "3"], "exponents 3"),
      (["spectrum", "--system", "henon", "--steps", "0"], "steps 0"),
      (["spectrum", "--system", "henon", "--qr-interval", "0"], "qr-interval 0"),
      (["spectrum", "--system", "lorenz", "--dt=-1"], "--dt -1"),
      (["spectrum", "--system", "nosuch"], "nosuch"),
      (["spectrum", "--system", "logistic", "--steps", "100"], ""),
      (["spectrum", "--model", "/nonexistent.safetensors"], "/nonexistent.safetensors"),
      (
        [
          "init", "--arch", "lstm", "--input-size", "3", "--hidden-size", "4", "--init", "gauss:1",
          "--output", "/tmp/x.safetensors",
        ], "gauss:1"
      ),
    ]
    for (arguments, fragment) in cases {
      let run = try Self.lyap(arguments)
      if fragment.isEmpty {
        #expect(run.status == 0, "\(arguments)")
      } else {
        #expect(run.status != 0, "\(arguments) should fail")
        #expect(run.stderr.contains(fragment), "\(arguments): \(run.stderr)")
      }
    }
  }

  @Test func divergingSystemNamesTheStep() throws {
    // Huge but finite growth is fine (the QR renormalizes every step)...
    let run = try Self.lyap([
      "spectrum", "--system", "diagonal", "--diagonal", "1e300", "--steps", "5",
    ])
    #expect(run.status == 0)
    // ...while RK4 with dt = 1 on Lorenz blows the state up, reported with its step.
    let lorenz = try Self.lyap(["spectrum", "--system", "lorenz", "--dt", "1", "--steps", "200"])
    #expect(lorenz.status != 0)
    #expect(lorenz.stderr.contains("at step"), "\(lorenz.stderr)")
  }

  @Test func initSpectrumAndRecordsRoundTrip() throws {
    let weights = Self.temporary("w.safetensors")
    let r = Self.temporary("r.npy")
    let q = Self.temporary("q.npy")
    defer { for path in [weights, r, q] { try? FileManager.default.removeItem(atPath: path) } }
    let initRun = try Self.lyap([
      "init", "--arch", "gru", "--input-size", "3", "--hidden-size", "6", "--layers", "2",
      "--output", weights,
    ])
    #expect(initRun.status == 0, "\(initRun.stderr)")
    let run = try Self.lyap([
      "spectrum", "--model", weights, "--batch", "2", "--steps", "20", "--format", "csv",
      "--save-r", r, "--save-q", q, "--q-steps", "4,19",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.split(separator: "\n").count == 13)  // header + 12 exponents
    #expect(FileManager.default.fileExists(atPath: r) && FileManager.default.fileExists(atPath: q))
    let vectors = Self.shared.appendingPathComponent("vectors")
    let reference = try Self.lyap([
      "spectrum", "--model", vectors.appendingPathComponent("rnn_h16.f64.safetensors").path,
      "--inputs", vectors.appendingPathComponent("rnn_h16_x.npy").path, "--exponents", "3",
      "--format", "json",
    ])
    let object =
      try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as! [String: Any]
    let exponents = object["exponents"] as! [Double]
    #expect(abs(exponents[0] - -0.2024) < 1e-4)
    // A PyTorch nn.RNN file does not say its nonlinearity: the guess is announced on stderr,
    // and not when --arch says it.
    #expect(reference.stderr.contains("read as a tanh nn.RNN"), "\(reference.stderr)")
    let told = try Self.lyap([
      "spectrum", "--model", vectors.appendingPathComponent("rnn_h16.f64.safetensors").path,
      "--arch", "rnn", "--steps", "10",
    ])
    #expect(told.status == 0 && !told.stderr.contains("note:"), "\(told.stderr)")
  }

  @Test func trainFailsClearlyOnBadInput() throws {
    let missing = try Self.lyap([
      "train", "--task", "charrnn", "--text", "/nonexistent.txt", "--run-dir",
      Self.temporary("run"),
    ])
    #expect(missing.status != 0 && missing.stderr.contains("/nonexistent.txt"))
    let empty = Self.temporary("empty.txt")
    _ = FileManager.default.createFile(atPath: empty, contents: Data())
    defer { try? FileManager.default.removeItem(atPath: empty) }
    let emptyRun = try Self.lyap([
      "train", "--task", "charrnn", "--text", empty, "--run-dir", Self.temporary("run"),
    ])
    #expect(
      emptyRun.status != 0 && emptyRun.stderr.lowercased().contains("empty"), "\(emptyRun.stderr)")
  }

  /// Counts, sizes and output paths are checked before any work; nothing traps or is ignored.
  @Test(arguments: [
    (["--system", "henon", "--warmup=-5", "--steps", "10"], "--warmup"),
    (["--system", "henon", "--steps", "9223372036854775807", "--warmup", "1"], "--steps"),
    (["--system", "henon", "--batch", "4611686018427387904"], "--batch"),
    (["--system", "gaussian-products", "--dimension", "4000000000"], "--dimension"),
    (
      ["--system", "lorenz", "--dt", "1e-50", "--precision", "float", "--steps", "10"], "time step"
    ),
    (["--system", "henon", "--save-r", "/nonexistent-folder/r.npy"], "--save-r"),
    (["--system", "henon", "--save-q", "q.npy", "--q-steps", "0"], "--save-q"),
    (["--system", "henon", "--rho", "20"], "--rho applies to --system lorenz"),
    (["--system", "henon", "--dt", "0.1"], "--dt applies to"),
    (["--system", "lorenz", "--diagonal", "1"], "--diagonal applies"),
  ])
  func spectrumRefusesBadRequestsClearly(arguments: [String], named: String) throws {
    let run = try Self.lyap(["spectrum"] + arguments)
    #expect(run.status != 0 && run.stderr.contains(named), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
  }

  /// A network file's own hyperparameters are checked like the options that override them.
  @Test func badHyperparametersInAFileAreNamed() throws {
    let file = Self.temporary("cornn.safetensors")
    defer { try? FileManager.default.removeItem(atPath: file) }
    let made = try Self.lyap([
      "init", "--arch", "cornn", "--input-size", "2", "--hidden-size", "4", "--output", file,
    ])
    #expect(made.status == 0, "\(made.stderr)")
    // Rewrite the safetensors header with dt = -1 in its metadata.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
    let length = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
    var header =
      try JSONSerialization.jsonObject(with: bytes.dropFirst(8).prefix(length))
      as! [String: Any]
    var metadata = header["__metadata__"] as? [String: String] ?? [:]
    metadata["dt"] = "-1"
    header["__metadata__"] = metadata
    let newHeader = try JSONSerialization.data(withJSONObject: header)
    var rewritten = Data()
    withUnsafeBytes(of: UInt64(newHeader.count).littleEndian) { rewritten.append(contentsOf: $0) }
    rewritten.append(newHeader)
    rewritten.append(bytes.dropFirst(8 + length))
    try rewritten.write(to: URL(fileURLWithPath: file))
    let run = try Self.lyap(["spectrum", "--model", file, "--steps", "20"])
    #expect(run.status != 0 && run.stderr.contains("dt -1"), "\(run.stderr)")
    // The option overrides the file's value.
    let fixed = try Self.lyap(["spectrum", "--model", file, "--steps", "20", "--dt", "0.042"])
    #expect(fixed.status == 0, "\(fixed.stderr)")
  }

  /// The spectrum of an SMNIST run covers whole images (28 rows, or 784 pixels) unless told.
  @Test(arguments: [("rows", 28), ("pixels", 784)])
  func smnistSpectrumCoversTheWholeImage(layout: String, steps: Int) throws {
    let mnist = Self.shared.appendingPathComponent("data/mnist")
    let folder = Self.temporary("run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try Self.lyap([
      "train", "--task", "smnist", "--layout", layout,
      "--images", mnist.appendingPathComponent("t10k-images-idx3-ubyte.gz").path,
      "--labels", mnist.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path,
      "--train-count", "16", "--validation-count", "4", "--arch", "gru", "--hidden-size", "4",
      "--batch-size", "8", "--epochs", "1", "--spectrum-every", "0", "--run-dir", folder,
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let config =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: folder + "/config.json"))) as! [String: Any]
    #expect(config["spectrumSteps"] as? Int == steps)
  }

  /// Options that would train nothing sensible, or could not be recorded, are named.
  @Test(arguments: [
    (["--optimizer", "sgd", "--momentum", "nan"], "momentum"),
    (["--arch", "cornn", "--dt", "0"], "--dt"),
    (["--arch", "lem", "--dt", "inf"], "--dt"),
    (["--spectrum-exponents", "0"], "spectrum-exponents"),
    (["--arch", "lstm", "--eps", "3"], "--eps 3.0: does not apply to lstm"),
    (["--arch", "lipschitz", "--gamma-a", "nan"], "--gamma-a"),
  ])
  func trainRejectsBadOptions(options: [String], named: String) throws {
    let text = Self.temporary("text.txt")
    try String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 60)
      .write(toFile: text, atomically: true, encoding: .utf8)
    let folder = Self.temporary("run")
    defer {
      for path in [text, folder] { try? FileManager.default.removeItem(atPath: path) }
    }
    let run = try Self.lyap(
      [
        "train", "--task", "charrnn", "--text", text, "--hidden-size", "8", "--seq-len", "10",
        "--epochs", "1", "--run-dir", folder,
      ] + options)
    #expect(run.status != 0 && run.stderr.contains(named), "\(run.stderr)")
    #expect(!run.stderr.contains("EncodingError"))
  }

  /// `--resume` rebuilds the data and precision from config.json, keeps the run's number of
  /// epochs unless `--epochs` is given, and refuses another data file.
  @Test func resumeContinuesWithTheRunsOwnDataAndSettings() throws {
    let text = Self.temporary("text.txt")
    let other = Self.temporary("other.txt")
    try String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 60)
      .write(toFile: text, atomically: true, encoding: .utf8)
    try String(repeating: "pack my box with five dozen liquor jugs! ", count: 60)
      .write(toFile: other, atomically: true, encoding: .utf8)
    let folder = Self.temporary("run")
    defer {
      for path in [text, other, folder] { try? FileManager.default.removeItem(atPath: path) }
    }
    let common = [
      "train", "--task", "charrnn", "--arch", "lstm", "--hidden-size", "8", "--batch-size", "4",
      "--spectrum-every", "0", "--run-dir", folder,
    ]
    let first = try Self.lyap(
      common + ["--text", text, "--seq-len", "12", "--precision", "double", "--epochs", "1"])
    #expect(first.status == 0, "\(first.stderr)")

    let conflicting = try Self.lyap(common + ["--text", other, "--resume"])
    #expect(conflicting.status != 0 && conflicting.stderr.contains(other), "\(conflicting.stderr)")

    // Without --epochs the run is complete: nothing more is trained. --task may be left out.
    let again = try Self.lyap(["train", "--run-dir", folder, "--resume"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(!FileManager.default.fileExists(atPath: folder + "/checkpoints/epoch-2.safetensors"))

    let further = try Self.lyap(common + ["--resume", "--epochs", "2"])
    #expect(further.status == 0, "\(further.stderr)")
    let checkpoint = try Data(
      contentsOf: URL(fileURLWithPath: folder + "/checkpoints/epoch-2.safetensors"))
    // The safetensors header names each tensor's dtype: still double precision.
    let headerLength = Int(
      checkpoint.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
    let header = String(decoding: checkpoint.dropFirst(8).prefix(headerLength), as: UTF8.self)
    #expect(header.contains("F64") && !header.contains("F32"))
    let config =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: folder + "/config.json"))) as! [String: Any]
    #expect(config["epochs"] as? Int == 2)
    #expect((config["task"] as? [String: Any])?["sequenceLength"] as? Int == 12)
    #expect(config["precision"] as? String == "double")
    #expect(
      try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
        .split(separator: "\n").count == 3)

    let otherTask = try Self.lyap(["train", "--task", "signal", "--run-dir", folder, "--resume"])
    #expect(otherTask.status != 0 && otherTask.stderr.contains("--task"), "\(otherTask.stderr)")

    // A new run in the same folder is refused, and a new run needs a task.
    let noTask = try Self.lyap(["train", "--run-dir", Self.temporary("run")])
    #expect(noTask.status != 0 && noTask.stderr.contains("--task"), "\(noTask.stderr)")
    let fresh = try Self.lyap(common + ["--text", text, "--epochs", "1"])
    #expect(fresh.status != 0 && fresh.stderr.contains("--resume"), "\(fresh.stderr)")
  }

  /// Character models train statefully unless told not to; image sequences cannot.
  @Test func characterTrainingCarriesStateByDefault() throws {
    let text = Self.temporary("text.txt")
    try String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 60)
      .write(toFile: text, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: text) }
    for (flag, expected) in [(nil, true), ("--no-carry-state", false)] {
      let folder = Self.temporary("run")
      defer { try? FileManager.default.removeItem(atPath: folder) }
      let run = try Self.lyap(
        [
          "train", "--task", "charrnn", "--text", text, "--arch", "lstm", "--hidden-size", "8",
          "--seq-len", "10", "--batch-size", "4", "--epochs", "1", "--spectrum-every", "0",
          "--run-dir", folder,
        ] + (flag.map { [$0] } ?? []))
      #expect(run.status == 0, "\(run.stderr)")
      let config =
        try JSONSerialization.jsonObject(
          with: Data(contentsOf: URL(fileURLWithPath: folder + "/config.json"))) as! [String: Any]
      #expect(config["carryState"] as? Bool == expected)
    }
  }
}
