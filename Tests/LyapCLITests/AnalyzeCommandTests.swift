import Foundation
import TensorIO
import Testing

/// `lyap analyze` end to end on a small synthetic population, and its refusals.
@Suite struct AnalyzeCommandTests {
  /// 30 networks, 6 exponents: loss a, spectrum `-0.1 j + a (0.3 + 0.05 j)`.
  static func arrays(n: Int = 30) throws -> [String: NDArray<Double>] {
    let a = (0..<n).map { sin(Double($0) * 1.7) }
    var spectra: [Double] = []
    for i in 0..<n {
      for j in 0..<6 { spectra.append(-0.1 * Double(j) + a[i] * (0.3 + 0.05 * Double(j))) }
    }
    return [
      "spectra": try NDArray(shape: [n, 6], data: spectra),
      "loss": try NDArray(shape: [n], data: a),
      "param_g": try NDArray(shape: [n], data: (0..<n).map { 1 + Double($0 % 5) / 10 }),
      "accuracy": try NDArray(shape: [n], data: a),
      "epochs": try NDArray(shape: [n], data: [Double](repeating: 50, count: n)),
    ]
  }

  static func write(_ arrays: [String: NDArray<Double>]) throws -> String {
    let path = CommandLineTests.temporary("population.npz")
    try NPZ.write(arrays, to: URL(fileURLWithPath: path))
    return path
  }

  @Test func jsonAndOutputFolder() throws {
    let input = try Self.write(try Self.arrays())
    let folder = CommandLineTests.temporary("analysis")
    defer {
      try? FileManager.default.removeItem(atPath: input)
      try? FileManager.default.removeItem(atPath: folder)
    }
    let run = try CommandLineTests.lyap([
      "analyze", input, "--splits", "2", "--epochs", "20", "--latent", "4", "--format", "json",
      "--output", folder,
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let classifiers = object["classifiers"] as! [String: Any]
    for key in ["mean-le", "max-le", "le-pca", "aelle", "ridge", "cells-d1", "cells-d4", "param-g"]
    {
      let c = try #require(classifiers[key] as? [String: Any], "\(key)")
      let f1 = c["f1"] as! [String: Any]
      #expect(
        (f1["perSplit"] as! [Double]).count == 2 && f1["mean"] is Double && f1["std"] is Double)
      #expect((c["inSample"] as! [String: Any])["recall"] is [String: Any])
    }
    #expect(classifiers["param-accuracy"] == nil && classifiers["cells-d10"] == nil)
    #expect(object["correlations"] != nil && object["prednet"] != nil && object["dropped"] != nil)
    for file in [
      "analysis.json", "networks.csv", "thresholds.json", "perturbations.npz",
      "models/aelle.safetensors", "classifiers.csv", "correlations.csv",
    ] {
      #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file)")
    }
    let rows = try String(contentsOfFile: folder + "/networks.csv", encoding: .utf8)
      .split(separator: "\n")
    #expect(rows.count == 31 && rows[0].hasPrefix("id,loss,label"))
    let perturbations = try NPZ.read(
      URL(fileURLWithPath: folder + "/perturbations.npz"), as: Double.self)
    #expect(
      perturbations["spectra"]?.shape == [6, 6] && perturbations["null_spectra"]?.shape == [25, 6])
    let model = try SafeTensorsFile<Double>.read(
      URL(fileURLWithPath: folder + "/models/aelle.safetensors"))
    #expect(model.tensors["encoder.layers.0.weight"]?.shape == [256, 6])
    #expect(model.tensors["head.weight"]?.shape == [1, 4])

    let table = try CommandLineTests.lyap([
      "analyze", input, "--splits", "1", "--epochs", "5", "--in-sample",
    ])
    #expect(
      table.status == 0 && table.stdout.contains("F1 in-sample") && table.stdout.contains("aelle"))
  }

  /// What `lyap sweep export` writes: string arrays (a categorical hyperparameter, trial
  /// ids), a numeric hyperparameter with a missing value, a trial without a spectrum (k 0).
  @Test func sweepExportWithStringsAndMissingValues() throws {
    var arrays = try Self.arrays().mapValues { NPYArray.numbers($0) }
    arrays["param_arch"] = .strings(NDStringArray((0..<30).map { $0 % 3 == 0 ? "lstm" : "gru" }))
    arrays["trial_id"] = .strings(NDStringArray((0..<30).map { "t\($0)" }))
    var rates = [Double](repeating: 0.01, count: 30)
    for i in stride(from: 1, to: 30, by: 2) { rates[i] = 0.02 }
    rates[4] = .nan
    arrays["param_lr"] = .numbers(try NDArray(shape: [30], data: rates))
    var counts = [Double](repeating: 6, count: 30)
    counts[7] = 0
    arrays["k"] = .numbers(try NDArray(shape: [30], data: counts))
    let path = CommandLineTests.temporary("export.npz")
    try NPZ.write(arrays, to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = try CommandLineTests.lyap([
      "analyze", path, "--splits", "1", "--epochs", "5", "--format", "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let classifiers = object["classifiers"] as! [String: Any]
    #expect(classifiers["param-arch"] != nil && classifiers["param-lr"] != nil)
    #expect(classifiers["param-trial_id"] == nil)
    #expect((object["dropped"] as! [String: Any])["noFiniteSpectrum"] as? Int == 1)
    arrays["loss"] = .strings(NDStringArray((0..<30).map { "\($0)" }))
    try NPZ.write(arrays, to: URL(fileURLWithPath: path))
    let strings = try CommandLineTests.lyap(["analyze", path, "--epochs", "2"])
    #expect(strings.status != 0 && strings.stderr.contains("'loss' holds strings"))
  }

  /// `--precision float` trains the autoencoder in Float and says so in the analysis.
  @Test func floatPrecision() throws {
    let input = try Self.write(try Self.arrays())
    defer { try? FileManager.default.removeItem(atPath: input) }
    let run = try CommandLineTests.lyap([
      "analyze", input, "--splits", "1", "--epochs", "20", "--latent", "4", "--format", "json",
      "--precision", "float",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("\"precision\" : \"float\""), "\(run.stdout.prefix(2000))")
  }

  @Test func badInputsFailWithNamedValues() throws {
    var missing = try Self.arrays()
    missing["loss"] = nil
    var mismatch = try Self.arrays()
    mismatch["loss"] = try NDArray(shape: [29], data: [Double](repeating: 0, count: 29))
    var constant = try Self.arrays()
    constant["loss"] = try NDArray(shape: [30], data: [Double](repeating: 2, count: 30))
    var nan = try Self.arrays()
    nan["spectra"] = try NDArray(shape: [30, 6], data: [Double](repeating: .nan, count: 180))
    let cases: [([String: NDArray<Double>], String)] = [
      (missing, "'loss' is missing"), (mismatch, "shape [29]"),
      (try Self.arrays(n: 12), "12 networks"),
      (constant, "loss 2.0"), (nan, "every spectrum is NaN"),
    ]
    for (arrays, message) in cases {
      let input = try Self.write(arrays)
      defer { try? FileManager.default.removeItem(atPath: input) }
      let run = try CommandLineTests.lyap(["analyze", input, "--epochs", "2", "--splits", "1"])
      #expect(run.status != 0 && run.stderr.contains(message), "\(message): \(run.stderr)")
    }
    let good = try Self.write(try Self.arrays())
    defer { try? FileManager.default.removeItem(atPath: good) }
    for (arguments, message) in [
      (["--loss-norm", "l3"], "--loss-norm 'l3'"), (["--splits", "0"], "--splits 0"),
      (["--alpha-stages", "1,x"], "--alpha-stages '1,x'"), (["--format", "csv"], "csv"),
      (["--precision", "half"], "half"),
    ] {
      let run = try CommandLineTests.lyap(["analyze", good] + arguments)
      #expect(run.status != 0 && run.stderr.contains(message), "\(message): \(run.stderr)")
    }
    let absent = try CommandLineTests.lyap(["analyze", "/nonexistent/p.npz"])
    #expect(absent.status != 0 && absent.stderr.contains("/nonexistent/p.npz"))
  }
}
