import Foundation
import Testing

/// `lyap gradients` and `lyap perturb` on a checkpoint of `lyap train`, end to end.
@Suite struct StudyCommandTests {
  static let mnist = CommandLineTests.shared.appendingPathComponent("data/mnist")
  static var data: [String] {
    [
      "--task", "smnist", "--images",
      mnist.appendingPathComponent("t10k-images-idx3-ubyte.gz").path,
      "--labels", mnist.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path,
      "--validation-count", "8",
    ]
  }

  /// Trains a tiny RNN on row-wise SMNIST for one epoch; returns the run folder.
  static func trainedRun() throws -> String {
    let folder = CommandLineTests.temporary("study-run")
    let run = try CommandLineTests.lyap(
      ["train"] + data.dropLast(2) + [
        "--train-count", "16", "--validation-count", "8", "--arch", "rnn", "--hidden-size", "8",
        "--batch-size", "8", "--epochs", "1", "--spectrum-every", "0", "--run-dir", folder,
      ])
    #expect(run.status == 0, "\(run.stderr)")
    return folder
  }

  @Test func gradientsAndPerturbRunOnTrainCheckpoints() throws {
    let folder = try Self.trainedRun()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let model = folder + "/checkpoints/epoch-1.safetensors"
    let saved = CommandLineTests.temporary("dv.npy")
    defer { try? FileManager.default.removeItem(atPath: saved) }
    let alignment = CommandLineTests.temporary("alignment.npz")
    defer { try? FileManager.default.removeItem(atPath: alignment) }
    let gradients = try CommandLineTests.lyap(
      ["gradients", "--model", model] + Self.data + [
        "--batch", "3", "--gradient-steps", "0,27", "--save-gradients", saved,
        "--save-alignment", alignment, "--format", "json",
      ])
    #expect(gradients.status == 0, "\(gradients.stderr)")
    let json =
      try JSONSerialization.jsonObject(with: Data(gradients.stdout.utf8)) as! [String: Any]
    #expect(json["hiddenSize"] as? Int == 8)
    #expect(json["steps"] as? Int == 28)
    // Step 0 has dV = 0 (zero initial state) and is left out of the alignment.
    #expect((json["perStep"] as? [Any])?.count == 27)
    #expect((json["meanLoss"] as? [Double])?.count == 28)
    // N = 8 < 10: the first-ten group is all 8 indices over 27 steps; 10 random vectors.
    let distributions = json["distributions"] as? [String: [String: [String: Any]]]
    let first = distributions?["firstFiveSingular"]
    #expect(first?["firstTenQ"]?["count"] as? Int == 8 * 27)
    #expect(first?["randomVectors"]?["count"] as? Int == 10 * 27)
    let overall = (json["overall"] as? [String: Any])?["firstFiveSingular"] as? [String: Double]
    let mean = try #require(first?["firstTenQ"]?["mean"] as? Double)
    #expect(abs(mean - (overall?["firstTenQ"] ?? .nan)) < 1e-12)
    // Stored members: the .npy headers are plain text inside the archive.
    let archive = String(
      decoding: try Data(contentsOf: URL(fileURLWithPath: alignment)), as: UTF8.self)
    for member in ["first_five.npy", "last_five.npy", "steps.npy"] {
      #expect(archive.contains(member), "\(member)")
    }
    #expect(
      archive.components(separatedBy: "'descr': '<f8', 'fortran_order': False, 'shape': (27, 8), ")
        .count == 3)
    #expect(archive.contains("'shape': (27,), "))
    // [3, 2, 8, 8] doubles after the header.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: saved)).count
    #expect(bytes > 3 * 2 * 8 * 8 * 8 && bytes <= 3 * 2 * 8 * 8 * 8 + 256)

    let perturb = try CommandLineTests.lyap(
      ["perturb", "--model", model] + Self.data + [
        "--count", "3", "--k", "1,5", "--random", "4", "--score", "mean:2",
      ])
    #expect(perturb.status == 0, "\(perturb.stderr)")
    #expect(perturb.stdout.contains("p_welch"))
    #expect(perturb.stdout.split(separator: "\n").filter { $0.hasPrefix("5\t") }.count == 1)
    // Without --k: the flip counts of 1, 5, ..., 200 up to the sequence length (28 steps).
    let defaults = try CommandLineTests.lyap(
      ["perturb", "--model", model] + Self.data + ["--count", "3", "--random", "4"])
    #expect(defaults.status == 0, "\(defaults.stderr)")
    let ks = defaults.stdout.split(separator: "\n").compactMap {
      Int($0.split(separator: "\t").first ?? "")
    }
    #expect(ks == [1, 5, 10, 20], "\(defaults.stdout)")

    for (arguments, named) in [
      (["perturb", "--count", "3", "--score", "r2"], "--score 'r2'"),
      (["perturb", "--count", "3", "--k", "0"], "k '0'"),
      (["perturb", "--count", "20"], "images"),
      (["gradients", "--batch", "3", "--gate", "1"], "gate '1'"),
      (["gradients", "--save-q", "q.npy"], "--gradient-steps"),
    ] {
      let run = try CommandLineTests.lyap(
        [arguments[0], "--model", model] + Self.data + Array(arguments.dropFirst()))
      #expect(run.status != 0)
      #expect(run.stderr.contains(named), "\(arguments): \(run.stderr)")
    }
    // One step: dV_0 = 0, so no alignment at all; a clear error, not a crash.
    let x = CommandLineTests.temporary("x1.npy")
    let y = CommandLineTests.temporary("y1.npy")
    defer { for f in [x, y] { try? FileManager.default.removeItem(atPath: f) } }
    try Self.npy("<f8", shape: "(1, 1, 28)", bytes: (0..<28).flatMap { _ in bits(0.5) }, to: x)
    try Self.npy("<i8", shape: "(1,)", bytes: bits(Int64(3)), to: y)
    let oneStep = try CommandLineTests.lyap(
      ["gradients", "--model", model, "--inputs", x, "--targets", y])
    #expect(oneStep.status != 0 && oneStep.stderr.contains("1 step(s)"), "\(oneStep.stderr)")
    let missing = try CommandLineTests.lyap(
      ["gradients", "--model", folder + "/none.safetensors"] + Self.data)
    #expect(missing.status != 0 && missing.stderr.contains("--model"))
  }

  /// Writes a version-1 `.npy` file: magic, header length, the padded header, the data.
  static func npy(_ descr: String, shape: String, bytes: [UInt8], to path: String) throws {
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    let length = UInt16(header.utf8.count)
    let prefix: [UInt8] =
      [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xff), UInt8(length >> 8)]
    try Data(prefix + Array(header.utf8) + bytes).write(to: URL(fileURLWithPath: path))
  }
}

/// The little-endian bytes of a value.
private func bits<T>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }
