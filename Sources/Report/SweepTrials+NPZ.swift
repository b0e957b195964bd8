import Foundation
import TensorIO

extension SweepTrials {
  /// Reads a sweep's npz export: `loss` [n], `spectra` [n, epochs+1, kmax] or [n, kmax]
  /// (NaN padded), and when present `trial_id` and `status` (NumPy unicode) [n], `k`,
  /// `epochs`, `accuracy`, `best_loss` [n] and `param_<name>` [n] (numbers or unicode).
  ///
  /// A trial's final spectrum is its first `k` entries (all non-NaN ones without `k`) of the
  /// last epoch row at or before its `epochs` (the last row without `epochs`) that has no
  /// NaN among them; none is empty. Without `trial_id`, trials are named by their row (0, 1,
  /// ...).
  public init(npz url: URL) throws {
    let arrays: [String: NPYArray]
    do { arrays = try NPZ.readArrays(url) } catch {
      throw ReportError("cannot read the sweep export \(url.path): \(error)")
    }
    try self.init(arrays: arrays, source: url.path)
  }

  /// The trials of the arrays of a sweep export (as ``init(npz:)`` reads them from a file);
  /// `source` names them in errors.
  public init(arrays: [String: NPYArray], source: String) throws {
    func column(_ key: String) throws -> Column? {
      guard let array = arrays[key] else { return nil }
      guard array.shape.count == 1 else {
        throw ReportError("\(source): \(key) has shape \(array.shape), expected [trials]")
      }
      switch array {
      case .numbers(let values): return .numbers(values.data)
      case .strings(let values): return .text(values.data)
      }
    }
    func vector(_ key: String) throws -> [Double]? {
      switch try column(key) {
      case nil: return nil
      case .numbers(let values): return values
      case .text: throw ReportError("\(source): \(key) holds strings, expected numbers")
      }
    }
    func strings(_ key: String) throws -> [String]? {
      switch try column(key) {
      case nil: return nil
      case .text(let values): return values
      case .numbers: throw ReportError("\(source): \(key) holds numbers, expected strings")
      }
    }
    guard let loss = try vector("loss"), let spectra = arrays["spectra"]?.numbers else {
      throw ReportError(
        "\(source) is not a sweep export: it needs the arrays loss and spectra, it has "
          + arrays.keys.sorted().joined(separator: ", "))
    }
    let n = loss.count
    let shape = spectra.shape
    guard (shape.count == 2 || shape.count == 3), shape[0] == n else {
      throw ReportError(
        "\(source): spectra has shape \(shape), expected [\(n), epochs+1, kmax] or [\(n), kmax]")
    }
    let rows = shape.count == 3 ? shape[1] : 1
    let kmax = shape.last!
    let k = try vector("k")
    let epochs = try vector("epochs")
    var finals: [[Double]] = []
    for i in 0..<n {
      let width = min(kmax, k.map { Self.whole($0[i]) ?? 0 } ?? kmax)
      let lastRow = min(rows - 1, epochs.map { Self.whole($0[i]) ?? 0 } ?? (rows - 1))
      var final: [Double] = []
      for r in stride(from: lastRow, through: 0, by: -1) {
        let start = (i * rows + r) * kmax
        var row = Array(spectra.data[start..<start + width])
        if k == nil { while row.last?.isNaN == true { row.removeLast() } }
        if !row.isEmpty && !row.contains(where: { $0.isNaN }) {
          final = row
          break
        }
      }
      finals.append(final)
    }
    let parameters = try arrays.keys.filter { $0.hasPrefix("param_") }.sorted().map {
      key -> (name: String, column: Column) in
      (String(key.dropFirst("param_".count)), try column(key) ?? .numbers([]))
    }
    try self.init(
      ids: try strings("trial_id") ?? (0..<n).map(String.init), statuses: try strings("status"),
      loss: loss, accuracy: try vector("accuracy"),
      bestLoss: try vector("best_loss"), epochs: epochs.map { $0.map { Self.whole($0) ?? 0 } },
      finalSpectra: finals, parameters: parameters)
  }

  /// `value` as a non-negative whole number; nil for NaN, infinities and negatives.
  static func whole(_ value: Double) -> Int? {
    value.isFinite && value >= 0 && value < Double(Int.max / 2) ? Int(value) : nil
  }
}
