import Foundation
import TensorIO

/// The files of an analysis output folder that the figures read, as plain arrays:
/// `networks.csv` (one row per network: loss, good/bad label, mean and max exponent, raw
/// spectrum and AeLLE PC1/PC2), `thresholds.json` (the threshold of each one-feature
/// classifier, fitted on the first split's training part), `classifiers.csv` (held-out F1
/// mean and standard deviation over splits), `perturbations.npz` (spectra decoded from
/// latent perturbations) and, when the analysis had spectra through training,
/// `pretrained.csv` (the pre-trained AeLLE at each fraction of training).
public struct AnalysisResults: Sendable {
  /// `networks.csv` columns by name, numbers (NaN where empty or not a number).
  public var networks: [String: [Double]]
  /// `networks.csv`'s `label` column: "good" or "bad".
  public var labels: [String]
  /// The hyperparameter columns (`param_<name>`) by name, as text, sorted by name.
  public var parameters: [(name: String, values: [String])]
  /// Thresholds of the classifiers whose rule is one threshold, by classifier name.
  public var thresholds: [String: Double]
  /// Classifier names with held-out F1 mean and std, in file order.
  public var classifiers: [(name: String, f1: Double, f1Std: Double)]
  /// Perturbation sizes and the decoded spectra `[steps][k]`, and the unperturbed spectrum.
  public var deltas: [Double]
  public var perturbedSpectra: [[Double]]
  public var baseSpectrum: [Double]
  /// The pre-trained AeLLE's scores at each fraction of training; nil without
  /// `pretrained.csv`.
  public var pretrained: PretrainedScores?

  public init(folder url: URL) throws {
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    let table = try Self.csv(file("networks.csv"))
    labels = table["label"] ?? []
    parameters = table.keys.filter { $0.hasPrefix("param_") }.sorted().map {
      (String($0.dropFirst(6)), table[$0] ?? [])
    }
    networks = table.mapValues { $0.map { Double($0) ?? .nan } }
    thresholds = try Self.thresholds(file("thresholds.json"))
    let scores = try Self.csv(file("classifiers.csv"))
    let names = scores["classifier"] ?? []
    let f1 = (scores["f1_mean"] ?? []).map { Double($0) ?? .nan }
    let std = (scores["f1_std"] ?? []).map { Double($0) ?? .nan }
    guard f1.count == names.count, std.count == names.count else {
      throw ReportError("\(file("classifiers.csv").path) needs the columns f1_mean and f1_std")
    }
    classifiers = names.indices.map { (names[$0], f1[$0], std[$0]) }
    let perturbations: [String: NDArray<Double>]
    do { perturbations = try NPZ.read(file("perturbations.npz"), as: Double.self) } catch {
      throw ReportError("cannot read \(file("perturbations.npz").path): \(error)")
    }
    deltas = perturbations["deltas"]?.data ?? []
    baseSpectrum = perturbations["base_spectrum"]?.data ?? []
    perturbedSpectra = []
    if let spectra = perturbations["spectra"], spectra.shape.count == 2,
      spectra.shape[0] == deltas.count
    {
      let k = spectra.shape[1]
      perturbedSpectra = (0..<deltas.count).map { Array(spectra.data[$0 * k..<($0 + 1) * k]) }
    }
    let pretrainedFile = file("pretrained.csv")
    if FileManager.default.fileExists(atPath: pretrainedFile.path) {
      pretrained = try PretrainedScores(csv: pretrainedFile)
    }
  }

  /// A CSV file without quoting (as the analysis writes it): its columns by header name.
  static func csv(_ url: URL) throws -> [String: [String]] {
    let text: String
    do { text = try String(contentsOf: url, encoding: .utf8) } catch {
      throw ReportError("cannot read \(url.path): \(error.localizedDescription)")
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
      $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    guard let header = lines.first else { throw ReportError("\(url.path) is empty") }
    var columns: [String: [String]] = [:]
    for (i, name) in header.enumerated() {
      columns[name] = lines.dropFirst().map { i < $0.count ? $0[i] : "" }
    }
    return columns
  }

  /// `{"name": {"threshold": {"_0": {"threshold": t, "direction": d}}}, ...}`: t by name;
  /// other rules (cells, categories) have no single threshold and are skipped.
  static func thresholds(_ url: URL) throws -> [String: Double] {
    let object: Any
    do { object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) } catch {
      throw ReportError("cannot read \(url.path) as JSON: \(error.localizedDescription)")
    }
    guard let rules = object as? [String: Any] else {
      throw ReportError("\(url.path) is not a JSON object of classifier rules")
    }
    var out: [String: Double] = [:]
    for (name, rule) in rules {
      guard let rule = (rule as? [String: Any])?["threshold"] as? [String: Any],
        let fields = (rule["_0"] ?? rule) as? [String: Any]
      else { continue }
      if let value = (fields["threshold"] as? NSNumber)?.doubleValue { out[name] = value }
    }
    return out
  }
}
