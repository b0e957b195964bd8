import Crypto
import Foundation
import Lyapunov

@testable import Experiments

/// Synthetic sweeps with values known in closed form, for the result store's tests.
enum StoreFixtures {
  static let variedNames = ["lr", "hidden", "cell", "seed"]

  static func sweep(perEpoch: Bool = true) -> SweepInfo {
    SweepInfo(
      name: "grid", task: perEpoch ? "copy" : "force", specText: "name: grid\n",
      specDirectory: "/specs", variedNames: variedNames, spectrumPerEpoch: perEpoch)
  }

  /// A 64-hex id: SHA-256 of `trial <i>`.
  static func id(_ i: Int) -> String {
    SHA256.hash(data: Data("trial \(i)".utf8)).map { String(format: "%02x", $0) }.joined()
  }

  /// Trial `i`: lr 0.001 (i + 1), hidden 8 + i, a cell name that needs CSV quoting for odd
  /// i, seed i.
  static func trials(_ count: Int) -> [StoredTrial] {
    (0..<count).map { i in
      StoredTrial(
        id: id(i), index: i,
        options: [
          "lr": .double(0.001 * Double(i + 1)), "hidden": .int(8 + i),
          "cell": .string(i % 2 == 0 ? "lstm" : "gru, \"b\""),
        ],
        variables: ["seed": .int(i)])
    }
  }

  /// Validation losses of epochs 0...3 of trial `i`: best at epoch 2, final at epoch 3.
  static func validationLoss(trial i: Int, epoch e: Int) -> Double {
    [1.0, 0.5, 0.25, 0.4][e] + 0.01 * Double(i)
  }

  /// Trial `i` keeps 2 + i % 3 exponents; the fourth (when i % 3 == 2) is -infinity.
  static func exponents(trial i: Int, epoch e: Int) -> [Double] {
    (0..<(2 + i % 3)).map { j in
      j == 3 ? -.infinity : 0.1 * Double(i) - Double(j) - 0.01 * Double(e)
    }
  }

  static func epoch(trial i: Int, epoch e: Int) -> EpochRecord {
    let exponents = exponents(trial: i, epoch: e)
    return EpochRecord(
      epoch: e, trainLoss: e == 0 ? nil : 2 * validationLoss(trial: i, epoch: e),
      validationLoss: validationLoss(trial: i, epoch: e), accuracy: 0.1 * Double(e),
      seconds: Double(i + 1) + Double(e), learningRate: 0.01,
      statistics: SpectrumStatistics(exponents),
      exponents: exponents)
  }

  /// Records epochs 0...3 of trial `i` and finishes it.
  static func run(_ store: ResultStore, trial i: Int) throws {
    for e in 0...3 { try store.recordEpoch(trialID: id(i), epoch(trial: i, epoch: e)) }
    try store.finish(trialID: id(i))
  }

  /// Runs `body` with a fresh empty directory, removed afterwards.
  static func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("ExperimentsTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
  }
}
