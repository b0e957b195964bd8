import Foundation
import TensorIO
import Testing

/// `lyap train` after an interruption: SIGTERM exits 143 and the folder resumes; a folder
/// whose first epoch never finished is accepted by `--resume` and by a new run alike.
@Suite struct RunFolderCLITests {
  static func textFile() throws -> String {
    let text = CommandLineTests.temporary("text.txt")
    try String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 200)
      .write(toFile: text, atomically: true, encoding: .utf8)
    return text
  }

  static func common(_ text: String, _ folder: String, epochs: Int) -> [String] {
    [
      "train", "--task", "charrnn", "--text", text, "--arch", "rnn", "--hidden-size", "8",
      "--seq-len", "10", "--batch-size", "4", "--epochs", "\(epochs)", "--spectrum-every", "0",
      "--run-dir", folder,
    ]
  }

  @Test func sigtermExits143AndTheRunResumes() throws {
    let text = try Self.textFile()
    let folder = CommandLineTests.temporary("run")
    defer { for path in [text, folder] { try? FileManager.default.removeItem(atPath: path) } }
    let process = Process()
    process.executableURL = CommandLineTests.binary
    process.arguments = Self.common(text, folder, epochs: 5000)
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let first = folder + "/checkpoints/epoch-1.safetensors"
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: first) && Date() < deadline && process.isRunning {
      usleep(20_000)
    }
    process.terminate()
    let patience = Date().addingTimeInterval(30)
    while process.isRunning && Date() < patience { usleep(20_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    #expect(process.terminationStatus == 143)
    // Epochs are milliseconds long, so the signal may land after several: resume two past the
    // last one recorded (metrics.jsonl holds one line per finished epoch, from epoch 0).
    let metrics = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
    let recorded = metrics.split(separator: "\n").count
    let target = recorded + 1
    let resumed = try CommandLineTests.lyap([
      "train", "--run-dir", folder, "--resume", "--epochs", "\(target)",
    ])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    // The epochs finished before are listed as such, then the new ones.
    #expect(resumed.stdout.contains("epoch 0  ") && resumed.stdout.contains("(recorded before)"))
    #expect(
      resumed.stdout.split(separator: "\n").last { $0.hasPrefix("epoch \(target)  ") }?
        .contains("recorded") == false, "\(resumed.stdout)")
    #expect(
      FileManager.default.fileExists(atPath: folder + "/checkpoints/epoch-\(target).safetensors"))
  }

  /// A kill while epoch 0's files were written leaves its checkpoint without a metrics line.
  @Test func anUnfinishedFirstEpochIsNeitherBlockingResumeNorANewRun() throws {
    let text = try Self.textFile()
    defer { try? FileManager.default.removeItem(atPath: text) }
    for resume in [true, false] {
      let folder = CommandLineTests.temporary("run")
      defer { try? FileManager.default.removeItem(atPath: folder) }
      let made = try CommandLineTests.lyap(Self.common(text, folder, epochs: 1))
      #expect(made.status == 0, "\(made.stderr)")
      // Back to the state right after epoch 0's checkpoint and best were written.
      for file in [
        "metrics.jsonl", "checkpoints/epoch-1.safetensors",
        "checkpoints/epoch-1.optimizer.safetensors",
      ] {
        try FileManager.default.removeItem(atPath: folder + "/" + file)
      }
      let again = try CommandLineTests.lyap(
        resume
          ? ["train", "--run-dir", folder, "--resume", "--epochs", "1"]
          : Self.common(text, folder, epochs: 1))
      #expect(again.status == 0, "resume \(resume): \(again.stderr)")
      #expect(!resume || again.stderr.contains("starting it over"), "\(again.stderr)")
      let lines = try String(contentsOfFile: folder + "/metrics.jsonl", encoding: .utf8)
      #expect(lines.split(separator: "\n").count == 2)
    }
  }

  /// Piped stderr gets progress lines (epoch of total, ETA) unless told never.
  @Test func progressLinesReachAPipe() throws {
    let text = try Self.textFile()
    defer { try? FileManager.default.removeItem(atPath: text) }
    for (mode, shown) in [("auto", true), ("never", false)] {
      let folder = CommandLineTests.temporary("run")
      defer { try? FileManager.default.removeItem(atPath: folder) }
      let run = try CommandLineTests.lyap(
        Self.common(text, folder, epochs: 2) + ["--progress", mode])
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stderr.contains("epoch 1/2 batch 1/") == shown, "\(mode): \(run.stderr)")
      #expect(run.stderr.contains("ETA") == shown)
    }
  }
}

/// `lyap spectrum --model R/best.safetensors --run-dir R` measures what training measured.
@Suite struct RunSpectrumTests {
  @Test func theSpectrumOfARunsBestMatchesItsRecordedRow() throws {
    let text = try RunFolderCLITests.textFile()
    let folder = CommandLineTests.temporary("run")
    defer { for path in [text, folder] { try? FileManager.default.removeItem(atPath: path) } }
    var arguments = RunFolderCLITests.common(text, folder, epochs: 1)
    arguments[arguments.firstIndex(of: "--spectrum-every")! + 1] = "1"
    let trained = try CommandLineTests.lyap(arguments + ["--precision", "double"])
    #expect(trained.status == 0, "\(trained.stderr)")
    let run = try CommandLineTests.lyap([
      "spectrum", "--model", folder + "/checkpoints/epoch-1.safetensors", "--run-dir", folder,
      "--format", "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    let exponents = object?["exponents"] as? [Double] ?? []
    let rows = try NPY.read(URL(fileURLWithPath: folder + "/spectra.npy"), as: Double.self)
    let k = rows.shape[1]
    // The same computation; only BLAS's thread count (1 while training) may change the
    // last bits of a sum.
    #expect(exponents.count == k)
    for (got, recorded) in zip(exponents, rows.data[k..<(2 * k)]) {
      #expect(abs(got - recorded) <= 1e-12 * max(1, abs(recorded)))
    }
  }
}
