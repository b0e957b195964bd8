import Foundation

/// The pre-trained AeLLE table of an analysis folder (`pretrained.csv`): at each evaluated
/// fraction of training, each classifier's held-out recall, precision and F1 of the final
/// outcome, as mean and standard deviation over splits.
///
/// The file has one row per (fraction, classifier) with the columns `fraction`,
/// `mean_epoch` (the mean over networks of the epoch whose spectrum was used), `classifier`,
/// and `recall_mean`, `recall_std`, `precision_mean`, `precision_std`, `f1_mean`, `f1_std`.
/// Cells that are not numbers read as NaN.
public struct PretrainedScores: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    public var fraction: Double
    public var meanEpoch: Double
    public var classifier: String
    public var recall: Double
    public var recallStd: Double
    public var precision: Double
    public var precisionStd: Double
    public var f1: Double
    public var f1Std: Double
  }

  /// The three scores, in table and figure order.
  public enum Score: String, CaseIterable, Sendable {
    case recall
    case precision
    case f1 = "F1"

    /// The score's mean over splits in `row`.
    public func mean(_ row: Row) -> Double {
      switch self {
      case .recall: row.recall
      case .precision: row.precision
      case .f1: row.f1
      }
    }

    /// The score's standard deviation over splits in `row`.
    public func std(_ row: Row) -> Double {
      switch self {
      case .recall: row.recallStd
      case .precision: row.precisionStd
      case .f1: row.f1Std
      }
    }
  }

  /// The rows in file order.
  public var rows: [Row]

  public init(rows: [Row]) {
    self.rows = rows
  }

  /// Reads `pretrained.csv`.
  /// - Throws: ``ReportError`` when the file cannot be read or lacks a column.
  public init(csv url: URL) throws {
    let table = try AnalysisResults.csv(url)
    let names = [
      "fraction", "mean_epoch", "recall_mean", "recall_std", "precision_mean", "precision_std",
      "f1_mean", "f1_std",
    ]
    guard let classifiers = table["classifier"], names.allSatisfy({ table[$0] != nil }) else {
      let missing = (["classifier"] + names).filter { table[$0] == nil }
      throw ReportError(
        "\(url.path) lacks the column(s) \(missing.joined(separator: ", ")); it is written by "
          + "lyap analyze on spectra through training")
    }
    let numbers = table.mapValues { $0.map { Double($0) ?? .nan } }
    func value(_ name: String, _ i: Int) -> Double { numbers[name]![i] }
    rows = classifiers.indices.map { i in
      Row(
        fraction: value("fraction", i), meanEpoch: value("mean_epoch", i),
        classifier: classifiers[i], recall: value("recall_mean", i),
        recallStd: value("recall_std", i), precision: value("precision_mean", i),
        precisionStd: value("precision_std", i), f1: value("f1_mean", i),
        f1Std: value("f1_std", i))
    }
  }

  /// The evaluated fractions of training in file order, each with its mean epoch.
  public var fractions: [(fraction: Double, meanEpoch: Double)] {
    var out: [(fraction: Double, meanEpoch: Double)] = []
    for row in rows where !out.contains(where: { $0.fraction == row.fraction }) {
      out.append((row.fraction, row.meanEpoch))
    }
    return out
  }

  /// The classifiers in display order: `aelle`, `loss`, `mean-le`, `max-le` (those present),
  /// then any others by name.
  public var classifiers: [String] {
    let present = Set(rows.map(\.classifier))
    let known = ["aelle", "loss", "mean-le", "max-le"]
    return known.filter(present.contains) + present.subtracting(known).sorted()
  }

  /// The row of `classifier` at `fraction`, if the analysis scored it there.
  public func row(_ classifier: String, at fraction: Double) -> Row? {
    rows.first { $0.classifier == classifier && $0.fraction == fraction }
  }

  /// `fraction` of training as a percentage: "20%".
  public static func percent(_ fraction: Double) -> String {
    String(format: "%g%%", fraction * 100)
  }

  /// `fraction` as a percentage of training with the mean epoch used: "20% (epoch 1)".
  public static func label(fraction: Double, meanEpoch: Double) -> String {
    "\(percent(fraction)) (epoch \(HTMLReport.format(meanEpoch)))"
  }
}
