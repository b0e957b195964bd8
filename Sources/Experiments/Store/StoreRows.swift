import Foundation
import GRDB
import Lyapunov

/// Reads trial rows into ``TrialRecord`` values.
enum TrialColumns {
  static func record(_ row: Row, path: String) throws -> TrialRecord {
    func options(_ column: String) throws -> [String: OptionValue] {
      let text: String = try row.decode(forColumn: column)
      do {
        return try OptionsJSON.decode(text)
      } catch let failure as OptionsJSON.Failure {
        throw ResultStoreError.corruptColumn(
          path: path, column: "trial \(column)", detail: "\(failure.message) in \(text)")
      }
    }
    let statusText: String = try row.decode(forColumn: "status")
    guard let status = TrialStatus(rawValue: statusText) else {
      throw ResultStoreError.corruptColumn(path: path, column: "trial status", detail: statusText)
    }
    let trial = StoredTrial(
      id: try row.decode(forColumn: "id"), index: try row.decode(forColumn: "idx"),
      options: try options("options"), variables: try options("variables"))
    return TrialRecord(
      trial: trial, status: status, worker: try row.decode(forColumn: "worker"),
      started: try row.decode(forColumn: "started"),
      finished: try row.decode(forColumn: "finished"),
      seconds: try row.decode(forColumn: "seconds"),
      epochsCompleted: try row.decode(forColumn: "epochs"),
      finalValidationLoss: try row.decode(forColumn: "final_validation_loss"),
      finalAccuracy: try row.decode(forColumn: "final_accuracy"),
      bestValidationLoss: try row.decode(forColumn: "best_validation_loss"),
      bestEpoch: try row.decode(forColumn: "best_epoch"),
      failureReason: try row.decode(forColumn: "failure"))
  }
}

/// Writes ``EpochRecord`` values as epoch rows and reads them back.
///
/// SQLite has no NaN: a NaN loss or accuracy is written as NULL, and reads back as NaN
/// (validation loss) or `nil` (the optional ones). Statistics that are -infinity (no finite
/// exponent) are written as NULL too and read back as -infinity, as ``SpectrumStatistics``
/// reads a JSON null. Infinite losses are kept.
enum EpochColumns {
  /// The arguments of the epoch INSERT, in its column order.
  static func arguments(trialID: String, _ r: EpochRecord) -> StatementArguments {
    let s = r.statistics
    func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? $0 : nil } }
    func number(_ x: Double?) -> Double? { x.flatMap { $0.isNaN ? nil : $0 } }
    let values: [(any DatabaseValueConvertible)?] = [
      trialID, r.epoch, number(r.trainLoss), number(r.validationLoss), number(r.accuracy),
      r.seconds,
      r.learningRate, finite(s?.max), finite(s?.mean), finite(s?.median),
      finite(s?.standardDeviation), finite(s?.sum), s?.positiveCount,
      finite(s?.kaplanYorkeDimension), finite(s?.entropy), s?.infiniteCount, r.spectrumError,
      r.exponents?.count, r.exponents.map(SpectrumBlob.encode),
    ]
    return StatementArguments(values)
  }

  static func record(_ row: Row, path: String) throws -> EpochRecord {
    func statistic(_ column: String) throws -> Double {
      try row.decode(Double?.self, forColumn: column) ?? -.infinity
    }
    var statistics: SpectrumStatistics?
    if let positiveCount = try row.decode(Int?.self, forColumn: "positive_count") {
      var s = SpectrumStatistics([])
      s.max = try statistic("max")
      s.mean = try statistic("mean")
      s.median = try statistic("median")
      s.standardDeviation = try statistic("std")
      s.sum = try statistic("sum")
      s.positiveCount = positiveCount
      s.kaplanYorkeDimension = try statistic("kaplan_yorke")
      s.entropy = try statistic("entropy")
      s.infiniteCount = try row.decode(Int?.self, forColumn: "infinite_count") ?? 0
      statistics = s
    }
    var exponents: [Double]?
    if let blob = try row.decode(Data?.self, forColumn: "spectrum") {
      guard let decoded = SpectrumBlob.decode(blob) else {
        throw ResultStoreError.corruptColumn(
          path: path, column: "spectrum",
          detail: "\(blob.count) bytes, not a whole number of float64 values")
      }
      exponents = decoded
    }
    return EpochRecord(
      epoch: try row.decode(forColumn: "epoch"),
      trainLoss: try row.decode(forColumn: "train_loss"),
      validationLoss: try row.decode(Double?.self, forColumn: "validation_loss") ?? .nan,
      accuracy: try row.decode(forColumn: "accuracy"),
      seconds: try row.decode(forColumn: "seconds"),
      learningRate: try row.decode(forColumn: "learning_rate"),
      statistics: statistics, exponents: exponents,
      spectrumError: try row.decode(forColumn: "spectrum_error"))
  }
}
