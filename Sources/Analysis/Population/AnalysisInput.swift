import TensorIO

/// The arrays of a population to analyse, checked: what `lyap sweep export --format npz`
/// writes, or any arrays with at least `spectra` and `loss`.
///
/// - `spectra`: `[n, k]` final spectra, or `[n, epochs + 1, k]` spectra through training;
///   shorter spectra NaN-padded.
/// - `loss`: `[n]`. `epochs` (optional, `[n]`): epochs completed; with 3-D spectra network
///   i's final spectrum is the last recorded row up to `epochs[i]` (without it, the last row
///   holding a value).
/// - `k` (optional, `[n]`): exponents per network (0: none, the network is dropped); values
///   past `k[i]` are ignored.
/// - `loss_epochs` (optional, `[n, epochs + 1]`): the loss after each epoch.
/// - `param_<name>` (`[n]`): hyperparameters, numeric (NaN: missing) or strings
///   (categorical). Nothing else is used.
public struct AnalysisInput: Sendable {
  /// A hyperparameter's values, one per network.
  public enum Values: Sendable, Equatable {
    case numeric([Double])
    case categorical([String])
  }

  /// `trajectories[i][e]`: network i's spectrum after epoch e (one row for 2-D input).
  public var trajectories: [[[Double]]]
  public var losses: [Double]
  public var finalEpochs: [Int]
  public var lossEpochs: [[Double]]?
  /// Hyperparameters by name (without the `param_` prefix), sorted by name.
  public var parameters: [(name: String, values: Values)]
  /// True when spectra were recorded through training (3-D input).
  public var hasEpochs: Bool

  /// The fewest networks analysed.
  public static let minimumNetworks = 20

  /// Reads the arrays of an `.npz` file, numeric or strings (NumPy unicode: categorical
  /// hyperparameters; other string arrays such as `trial_id` are ignored).
  /// - Throws: ``AnalysisInputError`` naming the array and what is wrong.
  public init(npz: [String: NPYArray]) throws {
    var numbers: [String: NDArray<Double>] = [:]
    var strings: [String: NDStringArray] = [:]
    for (name, array) in npz {
      switch array {
      case .numbers(let x): numbers[name] = x
      case .strings(let x): strings[name] = x
      }
    }
    for name in ["spectra", "loss", "epochs", "k", "loss_epochs"] where strings[name] != nil {
      throw AnalysisInputError.notNumeric(name)
    }
    try self.init(arrays: numbers, strings: strings.filter { $0.key.hasPrefix("param_") })
  }

  /// Reads numeric arrays, and `param_<name>` string arrays as categorical hyperparameters.
  /// - Throws: ``AnalysisInputError`` naming the array and what is wrong.
  public init(arrays: [String: NDArray<Double>], strings: [String: NDStringArray] = [:]) throws {
    guard let spectra = arrays["spectra"] else { throw AnalysisInputError.missing("spectra") }
    guard let loss = arrays["loss"] else { throw AnalysisInputError.missing("loss") }
    guard spectra.rank == 2 || spectra.rank == 3, spectra.shape.allSatisfy({ $0 > 0 }) else {
      throw AnalysisInputError.shape("spectra", spectra.shape, "[n, k] or [n, epochs + 1, k]")
    }
    let n = spectra.shape[0]
    let rows = spectra.rank == 3 ? spectra.shape[1] : 1
    let width = spectra.shape[spectra.rank - 1]
    guard loss.shape == [n] else { throw AnalysisInputError.shape("loss", loss.shape, "[\(n)]") }
    hasEpochs = spectra.rank == 3
    var counts = [Int](repeating: width, count: n)
    if let k = arrays["k"] {
      guard k.shape == [n] else { throw AnalysisInputError.shape("k", k.shape, "[\(n)]") }
      for (i, value) in k.data.enumerated() {
        guard value >= 0, value <= Double(width), value == value.rounded() else {
          throw AnalysisInputError.value("k", i, value, "an integer from 0 to \(width)")
        }
        counts[i] = Int(value)
      }
    }
    trajectories = (0..<n).map { i in
      (0..<rows).map { e in
        let start = (i * rows + e) * width
        return Array(spectra.data[start..<(start + counts[i])])
      }
    }
    guard trajectories.contains(where: { $0.contains { $0.contains(where: \.isFinite) } }) else {
      throw AnalysisInputError.noFiniteSpectrum
    }
    losses = loss.data
    if let epochs = arrays["epochs"], !hasEpochs {
      // Final spectra only: the epochs completed say nothing about which row to read.
      guard epochs.shape == [n] else {
        throw AnalysisInputError.shape("epochs", epochs.shape, "[\(n)]")
      }
      finalEpochs = [Int](repeating: 0, count: n)
    } else if let epochs = arrays["epochs"] {
      guard epochs.shape == [n] else {
        throw AnalysisInputError.shape("epochs", epochs.shape, "[\(n)]")
      }
      finalEpochs = []
      for (i, value) in epochs.data.enumerated() {
        guard value >= 0, value <= Double(rows - 1), value == value.rounded() else {
          throw AnalysisInputError.value("epochs", i, value, "an integer from 0 to \(rows - 1)")
        }
        // The last recorded spectrum up to that epoch (a trial's final row may be missing).
        let last = trajectories[i][...Int(value)].lastIndex { $0.contains(where: \.isFinite) }
        finalEpochs.append(last ?? Int(value))
      }
    } else {
      finalEpochs = trajectories.map { t in t.lastIndex { $0.contains(where: \.isFinite) } ?? 0 }
    }
    if let lossEpochs = arrays["loss_epochs"] {
      guard lossEpochs.shape == [n, rows] else {
        throw AnalysisInputError.shape("loss_epochs", lossEpochs.shape, "[\(n), \(rows)]")
      }
      self.lossEpochs = (0..<n).map { Array(lossEpochs.data[($0 * rows)..<(($0 + 1) * rows)]) }
    }
    var parameters: [(String, Values)] = []
    for (name, array) in arrays where name.hasPrefix("param_") {
      guard array.shape == [n] else { throw AnalysisInputError.shape(name, array.shape, "[\(n)]") }
      parameters.append((String(name.dropFirst(6)), .numeric(array.data)))
    }
    for (name, values) in strings where name.hasPrefix("param_") {
      guard values.shape == [n] else {
        throw AnalysisInputError.shape(name, values.shape, "[\(n)]")
      }
      parameters.append((String(name.dropFirst(6)), .categorical(values.data)))
    }
    self.parameters = parameters.sorted { $0.0 < $1.0 }.map { (name: $0.0, values: $0.1) }
  }
}

/// Why a population could not be analysed.
public enum AnalysisInputError: Error, CustomStringConvertible, Equatable {
  case missing(String)
  case notNumeric(String)
  case shape(String, [Int], String)
  case value(String, Int, Double, String)
  case noFiniteSpectrum
  case tooFewNetworks(kept: Int, droppedLoss: Int, droppedSpectrum: Int)
  case constantLoss(Double)
  case badSetting(String, Double)

  public var description: String {
    switch self {
    case .missing(let name):
      "the array '\(name)' is missing (needed: spectra [n, k] or [n, epochs + 1, k], loss [n])"
    case .notNumeric(let name):
      "the array '\(name)' holds strings; it must hold numbers"
    case .shape(let name, let shape, let expected):
      "the array '\(name)' has shape \(shape), expected \(expected)"
    case .value(let name, let i, let value, let expected):
      "\(name)[\(i)] = \(value) is not \(expected)"
    case .noFiniteSpectrum:
      "every spectrum is NaN: no network has a finite exponent"
    case .tooFewNetworks(let kept, let loss, let spectrum):
      "\(kept) networks remain (\(loss) dropped for a non-finite loss, \(spectrum) for no "
        + "finite spectrum); at least \(AnalysisInput.minimumNetworks) are needed"
    case .badSetting(let name, let value):
      "\(name) \(value) is out of range (at least 1 split; test and validation fractions in "
        + "[0, 1) leaving at least 2 training networks besides at least 1 test network)"
    case .constantLoss(let value):
      "every kept network has the loss \(value): there is nothing to classify"
    }
  }
}
