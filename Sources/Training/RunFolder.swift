import Foundation
import LinearAlgebra
import TensorIO

/// The files of a training run (issue 4): `config.json`, `metrics.jsonl`, `spectra.npy`,
/// `checkpoints/epoch-N.safetensors` (with `epoch-N.optimizer.safetensors` beside it) and
/// `best.safetensors`. Every file is written by ``FileOutput`` (temporary file, fsync, rename),
/// so an interrupted run never leaves a half-written file; what a kill can leave (an epoch's
/// first files without its metrics line, a temporary) is sorted out on the next start, see
/// `RunFolder+Recovery.swift`.
public struct RunFolder: Sendable {
  public let url: URL

  public init(_ url: URL) {
    self.url = url
  }

  public var configuration: URL { url.appendingPathComponent("config.json") }
  public var metrics: URL { url.appendingPathComponent("metrics.jsonl") }
  public var spectra: URL { url.appendingPathComponent("spectra.npy") }
  public var best: URL { url.appendingPathComponent("best.safetensors") }
  public var checkpoints: URL { url.appendingPathComponent("checkpoints") }

  public func checkpoint(epoch: Int) -> URL {
    checkpoints.appendingPathComponent("epoch-\(epoch).safetensors")
  }

  public func optimizerState(epoch: Int) -> URL {
    checkpoints.appendingPathComponent("epoch-\(epoch).optimizer.safetensors")
  }

  /// Creates the folders.
  public func create() throws {
    try FileManager.default.createDirectory(at: checkpoints, withIntermediateDirectories: true)
  }

  /// The highest epoch with both a checkpoint and its optimizer state, if any.
  public func latestCheckpoint() -> Int? {
    checkpointEpochs().filter {
      FileManager.default.fileExists(atPath: optimizerState(epoch: $0).path)
    }.max()
  }

  /// The last epoch that finished completely (see ``finishedEpochs()``).
  public func lastFinishedEpoch() -> Int? {
    finishedEpochs().last?.epoch
  }

  /// Writes `value` as pretty JSON.
  public func writeConfiguration(_ value: RunSpecification) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try FileOutput.write(try encoder.encode(value), to: configuration)
  }

  public func readConfiguration() throws -> RunSpecification {
    try JSONDecoder().decode(RunSpecification.self, from: Data(contentsOf: configuration))
  }

  /// Rewrites `metrics.jsonl` with one JSON object per line.
  public func writeMetrics(_ lines: [EpochMetrics]) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var data = Data()
    for line in lines {
      data.append(try encoder.encode(line))
      data.append(0x0A)
    }
    try FileOutput.write(data, to: metrics)
  }

  public func readMetrics() throws -> [EpochMetrics] {
    let text = try String(contentsOf: metrics, encoding: .utf8)
    return try text.split(separator: "\n").map {
      try JSONDecoder().decode(EpochMetrics.self, from: Data($0.utf8))
    }
  }

  /// Rewrites `spectra.npy` with one row per computed spectrum.
  public func writeSpectra(_ rows: [[Double]]) throws {
    let k = rows.first?.count ?? 0
    try NPY.write(
      try NDArray(shape: [rows.count, k], data: rows.flatMap { $0 }), to: spectra)
  }

  public func readSpectra() throws -> [[Double]] {
    let array = try NPY.read(spectra, as: Double.self)
    guard array.shape.count == 2 else { return [] }
    let k = array.shape[1]
    return (0..<array.shape[0]).map { Array(array.data[($0 * k)..<(($0 + 1) * k)]) }
  }
}
