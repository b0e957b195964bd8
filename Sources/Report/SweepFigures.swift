import Foundation
import Lyapunov

/// The figures of a sweep, under fixed file names (docs/plots.md):
///
/// - `spectra.svg`: every trial's final spectrum in grey, the highlighted trials in colour;
/// - `<statistic>-vs-loss.svg` for each of ``statistics``: the statistic of each trial's
///   final spectrum (``SpectrumStatistics``, over its finite exponents) against its final
///   loss; highlighted trials as coloured squares.
///
/// Trials without a final spectrum are left out of both, trials without a final loss (NaN)
/// out of the second.
public struct SweepFigures {
  public var trials: SweepTrials
  /// Indices of the highlighted trials, in legend order.
  public var highlighted: [Int]

  /// A statistic of a spectrum drawn against the loss: its file stem, axis label and unit.
  public struct Statistic: Sendable {
    public var stem: String
    public var label: String
    public var unit: String?
    public var value: @Sendable (SpectrumStatistics) -> Double
  }

  static let perStep = "nats per step"

  /// The statistics drawn against the loss, in file order.
  public static let statistics: [Statistic] = [
    Statistic(stem: "max", label: "max exponent", unit: perStep, value: { $0.max }),
    Statistic(stem: "mean", label: "mean exponent", unit: perStep, value: { $0.mean }),
    Statistic(stem: "median", label: "median exponent", unit: perStep, value: { $0.median }),
    Statistic(
      stem: "std", label: "std of the exponents", unit: perStep,
      value: { $0.standardDeviation }),
    Statistic(stem: "sum", label: "sum of the exponents", unit: perStep, value: { $0.sum }),
    Statistic(
      stem: "positive-count", label: "positive exponents", unit: nil,
      value: { Double($0.positiveCount) }),
    Statistic(
      stem: "kaplan-yorke", label: "Kaplan-Yorke dimension", unit: nil,
      value: { $0.kaplanYorkeDimension }),
    Statistic(
      stem: "entropy", label: "sum of positive exponents", unit: perStep,
      value: { $0.entropy }),
  ]

  /// `highlight`: trial id prefixes, each naming exactly one trial.
  public init(_ trials: SweepTrials, highlight: [String] = []) throws {
    self.trials = trials
    self.highlighted = try trials.indices(prefixes: highlight)
  }

  /// A trial's name in legends: its id's first 8 characters.
  func name(_ i: Int) -> String { String(trials.ids[i].prefix(8)) }

  public func figures() -> [(name: String, figure: Figure)] {
    [("spectra.svg", spectraFigure())]
      + Self.statistics.map { ("\($0.stem)-vs-loss.svg", statisticFigure($0)) }
  }

  func spectraFigure() -> Figure {
    let withSpectrum = trials.finalSpectra.indices.filter { !trials.finalSpectra[$0].isEmpty }
    func line(_ i: Int, color: String, label: String?) -> LinePlot {
      let spectrum = trials.finalSpectra[i]
      return LinePlot(
        x: spectrum.indices.map { Double($0 + 1) }, y: spectrum, color: color, label: label)
    }
    var plots: [any Plot] = withSpectrum.filter { !highlighted.contains($0) }.enumerated().map {
      line($0.element, color: Palette.grey, label: $0.offset == 0 ? "all trials" : nil)
    }
    plots += highlighted.enumerated().filter { !trials.finalSpectra[$0.element].isEmpty }.map {
      line($0.element, color: Palette.categorical($0.offset), label: name($0.element))
    }
    return Figure(
      title: "Final spectra of \(withSpectrum.count) trials",
      x: Axis("exponent index", integerTicks: true), y: Axis("exponent", unit: "nats per step"),
      plots: plots)
  }

  func statisticFigure(_ statistic: Statistic) -> Figure {
    let drawn = trials.finalSpectra.indices.filter {
      !trials.finalSpectra[$0].isEmpty && !trials.loss[$0].isNaN
    }
    let value = Dictionary(
      uniqueKeysWithValues: drawn.map {
        ($0, statistic.value(SpectrumStatistics(trials.finalSpectra[$0])))
      })
    let rest = drawn.filter { !highlighted.contains($0) }
    var plots: [any Plot] = [
      ScatterPlot(
        x: rest.map { trials.loss[$0] }, y: rest.map { value[$0]! },
        coloring: .single(Palette.grey),
        label: "trials")
    ]
    for (j, i) in highlighted.enumerated() where value[i] != nil {
      plots.append(
        ScatterPlot(
          x: [trials.loss[i]], y: [value[i]!], coloring: .single(Palette.categorical(j)),
          marker: .square, label: name(i)))
    }
    return Figure(
      title: statistic.label.prefix(1).uppercased() + statistic.label.dropFirst()
        + " against final loss",
      x: Axis("final validation loss"), y: Axis(statistic.label, unit: statistic.unit),
      plots: plots)
  }
}
