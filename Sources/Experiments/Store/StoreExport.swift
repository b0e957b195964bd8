import Foundation
import Lyapunov

/// A result store as a table for programs: CSV (one row per trial and epoch) or NumPy
/// `.npz` (`StoreExport+NPZ.swift`). Trials come in spec order.
public enum StoreExport {
  /// The CSV columns before the varied names.
  static let trialColumns = ["trial_id", "index", "status"]
  /// The CSV columns after the varied names.
  static let epochColumns = [
    "epoch", "train_loss", "validation_loss", "accuracy", "seconds", "learning_rate", "k", "max",
    "mean", "median", "std", "sum", "positive_count", "kaplan_yorke", "entropy", "infinite_count",
    "spectrum_error",
  ]

  /// The CSV text: a header, then one row per trial and recorded epoch (one row with empty
  /// epoch columns for a trial without epochs).
  ///
  /// Columns: `trial_id`, `index`, `status`, one column per varied option or variable (named
  /// as in the spec, or `param_<name>` when that name is already a column), then
  /// ``epochColumns``. Numbers are written in their shortest round-trip form (`nan`, `inf`,
  /// `-inf` as NumPy and pandas read them); a missing value is an empty field. Fields with a
  /// comma, quote or line break are quoted (RFC 4180).
  public static func csv(_ store: ResultStore) throws -> String {
    let varied = store.sweep.info.variedNames
    let taken = Set(trialColumns + epochColumns)
    let header =
      trialColumns + varied.map { taken.contains($0) ? "param_\($0)" : $0 } + epochColumns
    var lines = [header.map(field).joined(separator: ",")]
    let epochs = try store.allEpochs()
    for trial in try store.trials() {
      let prefix =
        [trial.id, String(trial.index), trial.status.rawValue]
        + varied.map { trial.trial.value(of: $0)?.substitutionText ?? "" }
      let records = epochs[trial.id] ?? []
      let rows =
        records.isEmpty ? [Array(repeating: "", count: epochColumns.count)] : records.map(values)
      for row in rows { lines.append((prefix + row).map(field).joined(separator: ",")) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes ``csv(_:)`` atomically to `url`.
  ///
  /// - Throws: ``ResultStoreError/unwritableExport(path:reason:)`` when the file cannot be
  ///   written.
  public static func writeCSV(_ store: ResultStore, to url: URL) throws {
    let text = try csv(store)
    do {
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      throw ResultStoreError.unwritableExport(path: url.path, reason: error.localizedDescription)
    }
  }

  /// The epoch columns of one record, in ``epochColumns`` order.
  private static func values(_ r: EpochRecord) -> [String] {
    let s = r.statistics
    return [
      String(r.epoch), text(r.trainLoss), text(r.validationLoss), text(r.accuracy),
      text(r.seconds), text(r.learningRate), r.exponents.map { String($0.count) } ?? "",
      text(s?.max), text(s?.mean), text(s?.median), text(s?.standardDeviation), text(s?.sum),
      s.map { String($0.positiveCount) } ?? "", text(s?.kaplanYorkeDimension), text(s?.entropy),
      s.map { String($0.infiniteCount) } ?? "", r.spectrumError ?? "",
    ]
  }

  private static func text(_ x: Double?) -> String { x.map(\.description) ?? "" }

  /// A CSV field, quoted when it holds a comma, quote or line break.
  static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
