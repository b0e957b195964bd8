import Foundation
import LinearAlgebra
import TensorIO

/// Writes the files of an analysis into a folder (what the figures read):
///
/// - `analysis.json`: the report.
/// - `networks.csv`: one row per kept network: input index, loss, label (good: loss below
///   the first split's training median), mean and max exponent, raw-spectrum PC1/PC2 and
///   AeLLE PC1/PC2 from the first split's models, its role in that split.
/// - `thresholds.json`: the rules fitted on the first split's training part.
/// - `perturbations.npz`: `deltas`, `base_spectrum`, `latents` `[steps, latent]`,
///   `pc_coordinates` `[steps, 2]`, `spectra` `[steps, k]`, `predicted_losses`,
///   `null_pc_coordinates` `[25, 2]`, `null_spectra` `[25, k]`, `null_predicted_losses`,
///   `null_space` `[latent, latent - 1]`.
/// - `models/aelle.safetensors` (the first split's autoencoder, with its standardization
///   in the metadata) and `models/pretrained.safetensors` when spectra through training were
///   given.
/// - `classifiers.csv`, `correlations.csv`, `pretrained.csv`.
/// Every file is written atomically.
public enum AnalysisFolder {
  public static func write(
    _ report: PopulationAnalysis.Report, _ artifacts: PopulationAnalysis.Artifacts, to folder: URL
  ) throws {
    let models = folder.appendingPathComponent("models")
    try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
    func text(_ s: String, _ name: String) throws {
      try FileOutput.write(Data(s.utf8), to: folder.appendingPathComponent(name))
    }
    try FileOutput.write(try report.json(), to: folder.appendingPathComponent("analysis.json"))
    try text(networksCSV(artifacts), "networks.csv")
    try FileOutput.write(
      try PopulationAnalysis.Report.encoder.encode(artifacts.rules),
      to: folder.appendingPathComponent("thresholds.json"))
    try NPZ.write(
      try perturbationArrays(artifacts.perturbations),
      to: folder.appendingPathComponent("perturbations.npz"))
    let first = artifacts.firstModels
    let metadata = [
      "format": "AeLLE autoencoder: encoder, decoder, head (samples standardized per exponent)",
      "input_means": first.scaling.means.map { "\($0)" }.joined(separator: ","),
      "input_deviations": first.scaling.deviations.map { "\($0)" }.joined(separator: ","),
      "loss_mean": "\(first.lossMean)", "loss_deviation": "\(first.lossDeviation)",
    ]
    try first.aelle.model.safeTensors(metadata: metadata).write(
      to: models.appendingPathComponent("aelle.safetensors"))
    if let pretrained = artifacts.pretrainedModel {
      try pretrained.safeTensors().write(
        to: models.appendingPathComponent("pretrained.safetensors"))
    }
    try text(report.classifierCSV, "classifiers.csv")
    try text(report.correlationCSV, "correlations.csv")
    if report.pretrained != nil { try text(report.pretrainedCSV, "pretrained.csv") }
  }

  static func networksCSV(_ artifacts: PopulationAnalysis.Artifacts) -> String {
    let population = artifacts.population
    let split = artifacts.firstSplit
    let models = artifacts.firstModels
    let threshold = median(split.train.map { population.losses[$0] })
    let validation = Set(split.validation)
    let test = Set(split.test)
    let parameters = artifacts.parameters
    var lines = [
      (["id,loss,label,mean_le,max_le,raw_pc1,raw_pc2,aelle_pc1,aelle_pc2,role"]
        + parameters.map { "param_" + $0.name }).joined(separator: ",")
    ]
    // The CSV is read without quoting: a comma or line break in a category becomes ';'.
    func value(_ values: AnalysisInput.Values, _ j: Int) -> String {
      switch values {
      case .numeric(let x): return "\(x[j])"
      case .categorical(let c):
        return String(c[j].map { $0 == "," || $0.isNewline ? ";" : $0 })
      }
    }
    func score(_ m: Matrix<Double>, _ row: Int, _ j: Int) -> String {
      row < m.rows ? "\(m[row, j])" : ""
    }
    for j in population.kept.indices {
      let loss = population.losses[j]
      let role = test.contains(j) ? "test" : (validation.contains(j) ? "validation" : "train")
      lines.append(
        [
          "\(population.kept[j])", "\(loss)", loss < threshold ? "good" : "bad",
          "\(population.statistics[j].mean)", "\(population.statistics[j].max)",
          score(models.rawScores, 0, j), score(models.rawScores, 1, j),
          score(models.latentScores, 0, j), score(models.latentScores, 1, j), role,
        ].joined(separator: ",")
          + parameters.map { "," + value($0.values, j) }.joined())
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func perturbationArrays(_ p: LatentPerturbation) throws -> [String: NDArray<Double>] {
    /// `[columns, rows]`: one sample per row, as NumPy users expect.
    func samples(_ m: Matrix<Double>) throws -> NDArray<Double> {
      try NDArray(shape: [m.columns, m.rows], data: m.storage)
    }
    return [
      "deltas": try NDArray(shape: [p.deltas.count], data: p.deltas),
      "base_spectrum": try NDArray(shape: [p.baseSpectrum.count], data: p.baseSpectrum),
      "base_predicted_loss": NDArray(scalar: p.baseLoss),
      "latents": try samples(p.latents),
      "pc_coordinates": try samples(p.pcCoordinates),
      "spectra": try samples(p.spectra),
      "predicted_losses": try NDArray(shape: [p.predictedLosses.count], data: p.predictedLosses),
      "null_pc_coordinates": try samples(p.nullPCCoordinates),
      "null_spectra": try samples(p.nullSpectra),
      "null_predicted_losses": try NDArray(
        shape: [p.nullPredictedLosses.count], data: p.nullPredictedLosses),
      "null_space": try NDArray(
        shape: [p.nullSpaceBasis.rows, p.nullSpaceBasis.columns],
        data: p.nullSpaceBasis.rowMajorStorage),
    ]
  }
}
