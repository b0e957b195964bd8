import Foundation

/// The trials of a sweep as plain arrays, one entry per trial: what the sweep figures and
/// report need, whatever the source (a sweep store, its npz export, a test).
public struct SweepTrials: Sendable {
  /// One hyperparameter's value in every trial: numbers, or text (architecture names).
  public enum Column: Sendable, Equatable {
    case numbers([Double])
    case text([String])

    /// The value of trial `i` as text (numbers in their shortest round-trip form).
    public func text(_ i: Int) -> String {
      switch self {
      case .numbers(let values): return Self.format(values[i])
      case .text(let values): return values[i]
      }
    }

    static func format(_ value: Double) -> String {
      value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
  }

  public var ids: [String]
  /// Each trial's status (nil when the source has none).
  public var statuses: [String]?
  /// Final validation loss; NaN for a trial without one.
  public var loss: [Double]
  public var accuracy: [Double]?
  public var bestLoss: [Double]?
  /// Epochs trained.
  public var epochs: [Int]?
  /// Each trial's final spectrum (empty when it has none); -infinity for annihilated
  /// directions.
  public var finalSpectra: [[Double]]
  /// Hyperparameters by name, in name order.
  public var parameters: [(name: String, column: Column)]

  public init(
    ids: [String], statuses: [String]? = nil, loss: [Double], accuracy: [Double]? = nil,
    bestLoss: [Double]? = nil, epochs: [Int]? = nil, finalSpectra: [[Double]],
    parameters: [(name: String, column: Column)] = []
  ) throws {
    let n = ids.count
    var lengths: [(String, Int)] = [("loss", loss.count), ("spectra", finalSpectra.count)]
    if let statuses { lengths.append(("status", statuses.count)) }
    if let accuracy { lengths.append(("accuracy", accuracy.count)) }
    if let bestLoss { lengths.append(("best_loss", bestLoss.count)) }
    if let epochs { lengths.append(("epochs", epochs.count)) }
    for (name, column) in parameters {
      switch column {
      case .numbers(let v): lengths.append((name, v.count))
      case .text(let v): lengths.append((name, v.count))
      }
    }
    if let (name, count) = lengths.first(where: { $0.1 != n }) {
      throw ReportError("the sweep has \(n) trial ids but \(count) values of \(name)")
    }
    self.ids = ids
    self.statuses = statuses
    self.loss = loss
    self.accuracy = accuracy
    self.bestLoss = bestLoss
    self.epochs = epochs
    self.finalSpectra = finalSpectra
    self.parameters = parameters.sorted { $0.name < $1.name }
  }

  public var count: Int { ids.count }

  /// The trials named by `prefixes`, each a prefix of exactly one trial id, in the given order.
  public func indices(prefixes: [String]) throws -> [Int] {
    try prefixes.map { prefix in
      let matches = ids.indices.filter { ids[$0].hasPrefix(prefix) }
      guard matches.count == 1 else {
        let known = ids.prefix(8).joined(separator: ", ") + (ids.count > 8 ? ", ..." : "")
        throw ReportError(
          matches.isEmpty
            ? "no trial id starts with '\(prefix)'; the ids are \(known)"
            : "'\(prefix)' starts \(matches.count) trial ids ("
              + matches.prefix(4).map { ids[$0] }.joined(separator: ", ")
              + "): give a longer prefix")
      }
      return matches[0]
    }
  }

  /// The number of trials with each status, most frequent first (then by name).
  public var statusCounts: [(status: String, count: Int)] {
    guard let statuses else { return [] }
    var counts: [String: Int] = [:]
    for s in statuses { counts[s, default: 0] += 1 }
    return counts.map { ($0.key, $0.value) }.sorted {
      $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0
    }
  }
}
