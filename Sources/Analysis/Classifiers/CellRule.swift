/// The 2^d-cell classifier (thesis appendix B): each of d features is split at its median
/// on the fitting networks, giving 2^d cells; a cell is "good" when it holds more good than
/// bad fitting networks (an empty or tied cell is "bad").
public struct CellRule: Codable, Equatable, Sendable {
  /// The median of each feature.
  public var thresholds: [Double]
  /// Whether each cell is good, indexed by `sum_j 2^j [x_j > threshold_j]`.
  public var goodCells: [Bool]

  /// Fits on `features[j]` (feature j of every network) and `labels`.
  public init(features: [[Double]], labels: [Bool]) {
    precondition(!features.isEmpty && features.count < 31, "1 to 30 features")
    precondition(features.allSatisfy { $0.count == labels.count } && !labels.isEmpty, "shapes")
    thresholds = features.map { Analysis.median($0) }
    var balance = [Int](repeating: 0, count: 1 << features.count)
    let cells = Self.cells(features, thresholds)
    for (cell, good) in zip(cells, labels) { balance[cell] += good ? 1 : -1 }
    goodCells = balance.map { $0 > 0 }
  }

  /// The predictions for `features[j]` (feature j of every network).
  public func predict(_ features: [[Double]]) -> [Bool] {
    Self.cells(features, thresholds).map { goodCells[$0] }
  }

  static func cells(_ features: [[Double]], _ thresholds: [Double]) -> [Int] {
    precondition(features.count == thresholds.count, "\(features.count) features")
    let n = features[0].count
    return (0..<n).map { i in
      var cell = 0
      for j in features.indices where features[j][i] > thresholds[j] { cell |= 1 << j }
      return cell
    }
  }
}

/// A categorical hyperparameter as a classifier: each category predicts the majority label
/// of the fitting networks in it (ties and unseen categories: the overall majority, ties
/// of which are "bad").
public struct CategoryRule: Codable, Equatable, Sendable {
  public var goodCategories: [String: Bool]
  public var fallback: Bool

  public init(categories: [String], labels: [Bool]) {
    precondition(categories.count == labels.count && !labels.isEmpty, "one label per network")
    var balance: [String: Int] = [:]
    for (c, good) in zip(categories, labels) { balance[c, default: 0] += good ? 1 : -1 }
    let total = labels.reduce(0) { $0 + ($1 ? 1 : -1) }
    fallback = total > 0
    goodCategories = balance.mapValues { $0 > 0 ? true : ($0 < 0 ? false : total > 0) }
  }

  public func predict(_ categories: [String]) -> [Bool] {
    categories.map { goodCategories[$0] ?? fallback }
  }
}
