extension AnalysisFigures {
  /// The file name of ``pretrainedFigure(_:)``.
  public static let pretrainedFileName = "pretrained-by-epoch.svg"

  /// The pre-trained AeLLE at each epoch (thesis Fig. 3.10, Table 3.2): three panels, held-out
  /// recall, precision and F1 from top to bottom, each a grouped bar chart with one group per
  /// evaluated fraction of training (labelled with the fraction and the mean epoch whose
  /// spectrum was used) and one bar per classifier in ``PretrainedScores/classifiers`` order,
  /// at the mean over splits with ± std error bars, on 0 ... 1. A classifier keeps its colour
  /// in every panel; the legend is in the top panel. A classifier not scored at a fraction
  /// leaves its place empty.
  public static func pretrainedFigure(_ scores: PretrainedScores) -> Figure {
    let fractions = scores.fractions
    let classifiers = scores.classifiers
    let categories = fractions.map {
      PretrainedScores.label(fraction: $0.fraction, meanEpoch: $0.meanEpoch)
    }
    let offsets = BarChart.groupOffsets(classifiers.count)
    let width = 0.8 / Double(max(1, classifiers.count))
    func panel(_ score: PretrainedScores.Score, top: Bool) -> Figure {
      let plots: [any Plot] = classifiers.enumerated().map { c, name in
        let rows = fractions.map { scores.row(name, at: $0.fraction) }
        return BarChart(
          rows.map { $0.map(score.mean) ?? .nan }, errors: rows.map { $0.map(score.std) ?? 0 },
          color: Palette.categorical(c), label: top ? legendName(name) : nil, offset: offsets[c],
          width: width)
      }
      let title =
        top
        ? "Pre-trained AeLLE by epoch: held-out \(score.rawValue)" : "Held-out \(score.rawValue)"
      var figure = Figure(
        title: title + " (mean ± std over splits)",
        x: Axis("fraction of training (mean epoch used)", categories: categories),
        y: Axis(score.rawValue, range: 0...1), plots: plots)
      figure.height = 280
      return figure
    }
    var figure = panel(.recall, top: true)
    figure.panelsBelow = [panel(.precision, top: false), panel(.f1, top: false)]
    return figure
  }

  /// The legend text of a classifier of the pre-trained table.
  static func legendName(_ classifier: String) -> String {
    switch classifier {
    case "aelle": "aelle (latent PC1)"
    case "loss": "loss at that epoch"
    case "mean-le": "mean-le (mean exponent)"
    case "max-le": "max-le (max exponent)"
    default: classifier
    }
  }
}
