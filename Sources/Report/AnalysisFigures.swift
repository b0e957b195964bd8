import Foundation

/// The figures of an analysis output folder, under fixed file names (docs/plots.md):
///
/// - `aelle-plane.svg`: the networks in the AeLLE PC1-PC2 plane coloured good/bad, with the
///   AeLLE classifier's median threshold on PC1 as a dashed line;
/// - `aelle-plane-by-loss.svg`: the same plane coloured by loss;
/// - `<feature>-distribution.svg` for `mean-le`, `max-le`, `le-pca` (raw spectrum PC1) and
///   `aelle` (AeLLE PC1): good and bad networks as stacked histograms with the classifier's
///   threshold;
/// - `f1.svg`: held-out F1 per classifier, mean with the standard deviation over splits;
/// - `perturbations.svg`: the spectra decoded from latent perturbations along the loss
///   head's direction, coloured by the perturbation, with the unperturbed spectrum;
/// - `pretrained-by-epoch.svg` (only when the folder has `pretrained.csv`): the pre-trained
///   AeLLE beside the loss and statistic classifiers at each fraction of training.
public struct AnalysisFigures {
  public var results: AnalysisResults

  public init(_ results: AnalysisResults) {
    self.results = results
  }

  /// The distribution figures: classifier name, `networks.csv` column, axis label and unit.
  public static let distributions: [(String, String, String, String?)] = [
    ("mean-le", "mean_le", "mean exponent", "nats per step"),
    ("max-le", "max_le", "max exponent", "nats per step"),
    ("le-pca", "raw_pc1", "spectrum PC1", nil), ("aelle", "aelle_pc1", "AeLLE PC1", nil),
  ]

  public func figures() -> [(name: String, figure: Figure)] {
    var out: [(name: String, figure: Figure)] = [
      ("aelle-plane.svg", plane(byLoss: false)), ("aelle-plane-by-loss.svg", plane(byLoss: true)),
    ]
    for parameter in results.parameters where parameter.values.count == results.labels.count {
      out.append(("aelle-plane-by-\(parameter.name).svg", plane(by: parameter)))
    }
    for (classifier, column, label, unit) in Self.distributions
    where results.networks[column] != nil {
      out.append(
        ("\(classifier)-distribution.svg", distribution(classifier, column, label, unit)))
    }
    if !results.classifiers.isEmpty { out.append(("f1.svg", f1Figure())) }
    if !results.perturbedSpectra.isEmpty { out.append(("perturbations.svg", perturbations())) }
    if let pretrained = results.pretrained, !pretrained.rows.isEmpty {
      out.append((Self.pretrainedFileName, Self.pretrainedFigure(pretrained)))
    }
    return out
  }

  func column(_ name: String) -> [Double] {
    results.networks[name] ?? Array(repeating: .nan, count: results.labels.count)
  }

  func plane(byLoss: Bool) -> Figure {
    let (x, y) = (column("aelle_pc1"), column("aelle_pc2"))
    var plots: [any Plot] = []
    if byLoss {
      plots.append(ScatterPlot(x: x, y: y, coloring: .continuous(column("loss"), name: "loss")))
    } else {
      // Good networks in the first colour, bad ones in the second, as in the distributions.
      for (j, label) in ["good", "bad"].enumerated() {
        let rows = x.indices.filter { (results.labels[$0] == "good") == (label == "good") }
        plots.append(
          ScatterPlot(
            x: rows.map { x[$0] }, y: rows.map { y[$0] },
            coloring: .single(Palette.categorical(j)), label: label))
      }
      if let threshold = results.thresholds["aelle"] {
        plots.append(ReferenceLine(.vertical, at: threshold, label: "median threshold"))
      }
    }
    return Figure(
      title: byLoss ? "AeLLE plane, coloured by loss" : "AeLLE plane: good and bad networks",
      x: Axis("AeLLE PC1"), y: Axis("AeLLE PC2"), plots: plots)
  }

  /// The AeLLE plane coloured by a hyperparameter (thesis Figs. 3.7-3.9): a continuous
  /// scale when every value is a number, one colour per category otherwise.
  func plane(by parameter: (name: String, values: [String])) -> Figure {
    let (x, y) = (column("aelle_pc1"), column("aelle_pc2"))
    let numbers = parameter.values.compactMap(Double.init)
    var plots: [any Plot] = []
    if numbers.count == parameter.values.count {
      plots.append(ScatterPlot(x: x, y: y, coloring: .continuous(numbers, name: parameter.name)))
    } else {
      var categories: [String] = []
      for value in parameter.values where !categories.contains(value) { categories.append(value) }
      for (j, category) in categories.enumerated() {
        let rows = x.indices.filter { parameter.values[$0] == category }
        plots.append(
          ScatterPlot(
            x: rows.map { x[$0] }, y: rows.map { y[$0] },
            coloring: .single(Palette.categorical(j)), label: category))
      }
    }
    return Figure(
      title: "AeLLE plane, coloured by \(parameter.name)", x: Axis("AeLLE PC1"),
      y: Axis("AeLLE PC2"), plots: plots)
  }

  func distribution(_ classifier: String, _ name: String, _ label: String, _ unit: String?)
    -> Figure
  {
    let values = column(name)
    let good = values.indices.filter { results.labels[$0] == "good" }.map { values[$0] }
    let bad = values.indices.filter { results.labels[$0] != "good" }.map { values[$0] }
    var plots: [any Plot] = [
      StackedHistogram(
        [
          .init("good", good, color: Palette.categorical(0)),
          .init("bad", bad, color: Palette.categorical(1)),
        ], bins: 15)
    ]
    if let threshold = results.thresholds[classifier] {
      plots.append(ReferenceLine(.vertical, at: threshold, label: "threshold"))
    }
    return Figure(
      title: "Distribution of the \(label)", x: Axis(label, unit: unit), y: Axis("networks"),
      plots: plots)
  }

  func f1Figure() -> Figure {
    let names = results.classifiers.map(\.name)
    var figure = Figure(
      title: "Held-out F1 per classifier (mean ± std over splits)",
      x: Axis("classifier", categories: names), y: Axis("F1", range: 0...1),
      plots: [
        BarChart(results.classifiers.map(\.f1), errors: results.classifiers.map(\.f1Std))
      ])
    // Room for every name below its bar.
    figure.width = max(640, Figure.marginLeft + Figure.marginRight + 80 * Double(names.count))
    return figure
  }

  func perturbations() -> Figure {
    let deltas = results.deltas
    let scale = ContinuousColorScale(low: deltas.min() ?? 0, high: deltas.max() ?? 1)
    var plots: [any Plot] = results.perturbedSpectra.enumerated().map { i, spectrum in
      let labelled = i == 0 || i == deltas.count - 1
      return LinePlot(
        x: spectrum.indices.map { Double($0 + 1) }, y: spectrum, color: scale.color(deltas[i]),
        label: labelled ? "delta \(HTMLReport.format(deltas[i]))" : nil)
    }
    if !results.baseSpectrum.isEmpty {
      plots.append(
        LinePlot(
          x: results.baseSpectrum.indices.map { Double($0 + 1) }, y: results.baseSpectrum,
          color: "black", label: "unperturbed", dashed: true))
    }
    return Figure(
      title: "Spectra decoded from latent perturbations",
      x: Axis("exponent index", integerTicks: true), y: Axis("exponent", unit: "nats per step"),
      plots: plots)
  }
}
