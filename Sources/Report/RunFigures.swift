import Foundation
import Lyapunov
import Training

/// The figures of a `lyap train` run folder, under fixed file names (docs/plots.md):
///
/// - `spectra.svg`: the spectra at chosen epochs (exponent against index);
/// - `spectrum-change.svg`: the mean squared difference between successive spectra,
///   `mean_i (lambda_i(t) - lambda_i(t'))^2` over the finite pairs (t' the previous spectrum's
///   epoch), against epoch t on log axes, with a `c/t` reference line through the first point;
/// - `loss.svg`: training and validation loss against epoch;
/// - `accuracy.svg`: validation accuracy against epoch (classification runs only);
/// - `exponents-vs-loss.svg`: max and mean exponent against validation loss, coloured by epoch.
///
/// The spectrum figures need at least one spectrum (two for the change); runs trained with
/// `spectrumEvery = 0` get only the loss and accuracy figures.
public struct RunFigures {
  public var metrics: [EpochMetrics]
  /// The epochs of the rows of `spectra.npy`, in order.
  public var spectrumEpochs: [Int]
  public var spectra: [[Double]]
  public var lossUnit: String?

  /// Reads `config.json`, `metrics.jsonl` and `spectra.npy` of the run in `folder`.
  public init(folder url: URL) throws {
    let folder = RunFolder(url)
    do {
      metrics = try folder.readMetrics()
      let configuration = try folder.readConfiguration()
      lossUnit = configuration.loss == .crossEntropy ? "nats per prediction" : nil
      spectra =
        FileManager.default.fileExists(atPath: folder.spectra.path) ? try folder.readSpectra() : []
    } catch {
      throw ReportError("cannot read the run folder \(url.path): \(error)")
    }
    spectrumEpochs = metrics.filter { $0.spectrum != nil || $0.spectrumError != nil }.map(\.epoch)
    guard spectrumEpochs.count == spectra.count else {
      throw ReportError(
        "\(folder.spectra.path) has \(spectra.count) rows but \(folder.metrics.path) records "
          + "\(spectrumEpochs.count) spectra: the files are not from the same run")
    }
  }

  /// The figures and their file names; `epochs` chooses the spectra of `spectra.svg` (nil:
  /// the first, middle and last).
  public func figures(epochs: [Int]? = nil) throws -> [(name: String, figure: Figure)] {
    var out: [(String, Figure)] = []
    if !spectra.isEmpty { out.append(("spectra.svg", try spectraFigure(epochs: epochs))) }
    if spectra.count >= 2 { out.append(("spectrum-change.svg", changeFigure())) }
    out.append(("loss.svg", lossFigure()))
    if metrics.contains(where: { $0.validationAccuracy != nil }) {
      out.append(("accuracy.svg", accuracyFigure()))
    }
    if !spectra.isEmpty { out.append(("exponents-vs-loss.svg", exponentsFigure())) }
    return out
  }

  func spectraFigure(epochs: [Int]?) throws -> Figure {
    let chosen =
      epochs
      ?? Array(
        Set([spectrumEpochs.first!, spectrumEpochs[spectrumEpochs.count / 2], spectrumEpochs.last!])
      ).sorted()
    let rows = try chosen.map { epoch -> Int in
      guard let row = spectrumEpochs.firstIndex(of: epoch) else {
        throw ReportError(
          "epoch \(epoch) has no spectrum in this run; epochs with one: "
            + spectrumEpochs.map(String.init).joined(separator: ","))
      }
      return row
    }
    let scale = ContinuousColorScale(low: Double(chosen.min()!), high: Double(chosen.max()!))
    let plots = zip(chosen, rows).map { epoch, row in
      LinePlot(
        x: spectra[row].indices.map { Double($0 + 1) }, y: spectra[row],
        color: chosen.count <= 10
          ? Palette.categorical(chosen.firstIndex(of: epoch)!)
          : scale.color(Double(epoch)),
        label: "epoch \(epoch)", markers: true)
    }
    return Figure(
      title: "Spectra during training", x: Axis("exponent index", integerTicks: true),
      y: Axis("exponent", unit: "nats per step"), plots: plots)
  }

  /// `mean_i (a_i - b_i)^2` over the indices where both are finite (NaN when none is).
  public static func meanSquaredDifference(_ a: [Double], _ b: [Double]) -> Double {
    let pairs = zip(a, b).filter { $0.isFinite && $1.isFinite }
    guard !pairs.isEmpty else { return .nan }
    return pairs.map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(pairs.count)
  }

  func changeFigure() -> Figure {
    let t = spectrumEpochs.dropFirst().map(Double.init)
    let change = spectra.indices.dropFirst().map {
      Self.meanSquaredDifference(spectra[$0], spectra[$0 - 1])
    }
    var plots: [any Plot] = [
      LinePlot(x: t, y: change, label: "successive spectra", markers: true)
    ]
    if let first = zip(t, change).first(where: { $1.isFinite && $1 > 0 }) {
      let c = first.0 * first.1
      plots.append(
        LinePlot(
          x: t, y: t.map { c / $0 }, color: "#606060", label: "1/t reference", dashed: true))
    }
    return Figure(
      title: "Change of the spectrum between epochs", x: Axis("epoch", logarithmic: true),
      y: Axis("mean squared difference", unit: "(nats per step)^2", logarithmic: true),
      plots: plots)
  }

  func lossFigure() -> Figure {
    let trained = metrics.filter { $0.trainLoss != nil }
    return Figure(
      title: "Loss", x: Axis("epoch", integerTicks: true), y: Axis("loss", unit: lossUnit),
      plots: [
        LinePlot(
          x: trained.map { Double($0.epoch) }, y: trained.map { $0.trainLoss! },
          label: "training", markers: true),
        LinePlot(
          x: metrics.map { Double($0.epoch) }, y: metrics.map(\.validationLoss),
          color: Palette.categorical(1), label: "validation", markers: true),
      ])
  }

  func accuracyFigure() -> Figure {
    let rows = metrics.filter { $0.validationAccuracy != nil }
    return Figure(
      title: "Validation accuracy", x: Axis("epoch", integerTicks: true),
      y: Axis("accuracy", range: 0...1),
      plots: [
        LinePlot(
          x: rows.map { Double($0.epoch) }, y: rows.map { $0.validationAccuracy! },
          color: Palette.categorical(1), label: "validation", markers: true)
      ])
  }

  func exponentsFigure() -> Figure {
    let rows = metrics.filter { $0.spectrum != nil }
    let epochs = rows.map { Double($0.epoch) }
    func statistic(_ key: KeyPath<SpectrumStatistics, Double>) -> [Double] {
      rows.map { $0.spectrum?[keyPath: key] ?? -.infinity }
    }
    let loss = rows.map(\.validationLoss)
    return Figure(
      title: "Exponents against validation loss", x: Axis("validation loss", unit: lossUnit),
      y: Axis("exponent", unit: "nats per step"),
      plots: [
        ScatterPlot(
          x: loss, y: statistic(\.max), coloring: .continuous(epochs, name: "epoch"),
          label: "max exponent"),
        ScatterPlot(
          x: loss, y: statistic(\.mean), coloring: .continuous(epochs, name: "epoch"),
          marker: .square, label: "mean exponent"),
      ])
  }
}
