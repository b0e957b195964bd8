import Foundation
import TensorIO

/// Figures of one spectrum: the exponents against their index with the batch standard
/// deviation as a band (`lyap spectrum --format json`), and the finite-time exponents against
/// QR steps (`--save-ftle`, shape `[batch, qrSteps, k]`, or `[qrSteps, batch, k]` as written
/// with `--time-major`).
public enum SpectrumFigures {
  /// The fields of `lyap spectrum --format json` that the figures use; JSON null is -infinity
  /// for an exponent and undefined (NaN) for a standard deviation.
  public struct SpectrumFile: Decodable, Sendable {
    public var exponents: [Double?]
    public var std: [Double?]
    public var units: String

    /// Reads and decodes `url`.
    public static func read(_ url: URL) throws -> SpectrumFile {
      let data: Data
      do { data = try Data(contentsOf: url) } catch {
        throw ReportError("cannot read \(url.path): \(error.localizedDescription)")
      }
      do {
        return try JSONDecoder().decode(SpectrumFile.self, from: data)
      } catch {
        throw ReportError(
          "\(url.path) is not the JSON of lyap spectrum --format json (it needs exponents, std "
            + "and units): \(error)")
      }
    }
  }

  /// Exponent against index (1-based) with mean ± std as a band; -infinity exponents on the
  /// axis floor.
  public static func spectrum(_ file: SpectrumFile, title: String = "Lyapunov spectrum")
    -> Figure
  {
    let exponents = file.exponents.map { $0 ?? -.infinity }
    let std = file.exponents.indices.map { i in i < file.std.count ? file.std[i] ?? .nan : .nan }
    let index = exponents.indices.map { Double($0 + 1) }
    let line = LinePlot(
      x: index, y: exponents,
      band: (zip(exponents, std).map { $0 - $1 }, zip(exponents, std).map { $0 + $1 }),
      label: "mean over batch", bandLabel: "± batch std", markers: true)
    return Figure(
      title: title, x: Axis("exponent index", integerTicks: true),
      y: Axis("exponent", unit: file.units),
      plots: [line])
  }

  /// At most this many points per line of the finite-time figure, evenly spaced in steps
  /// (the first and last steps always among them).
  public static let maximumPoints = 400

  /// The batch mean of each finite-time exponent against the QR step after the warmup, with
  /// mean ± std over the batch as a band. A step where any trajectory's exponent is
  /// -infinity has a mean of -infinity (drawn on the floor) and no band.
  public static func finiteTime(
    _ cube: NDArray<Double>, units: String = "nats per step", timeMajor: Bool = false
  ) throws -> Figure {
    guard cube.shape.count == 3, cube.shape.allSatisfy({ $0 > 0 }) else {
      throw ReportError(
        "finite-time exponents of shape \(cube.shape): expected [batch, qrSteps, k] with no "
          + "empty dimension, as written by lyap spectrum --save-ftle")
    }
    let (steps, batch, k) =
      timeMajor
      ? (cube.shape[0], cube.shape[1], cube.shape[2])
      : (cube.shape[1], cube.shape[0], cube.shape[2])
    let count = min(steps, maximumPoints)
    let sampled =
      count == 1 ? [steps - 1] : (0..<count).map { j in (j * (steps - 1)) / (count - 1) }
    var plots: [any Plot] = []
    for i in 0..<k {
      var mean: [Double] = []
      var spread: [Double] = []
      for t in sampled {
        let values = (0..<batch).map { b in
          cube.data[(timeMajor ? t * batch + b : b * steps + t) * k + i]
        }
        if values.contains(-.infinity) {
          mean.append(-.infinity)
          spread.append(.nan)
          continue
        }
        let m = values.reduce(0, +) / Double(batch)
        mean.append(m)
        spread.append(
          (values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(batch)).squareRoot())
      }
      plots.append(
        LinePlot(
          x: sampled.map { Double($0 + 1) }, y: mean,
          band: (zip(mean, spread).map { $0 - $1 }, zip(mean, spread).map { $0 + $1 }),
          color: Palette.categorical(i), label: i < 10 ? "exponent \(i + 1)" : nil,
          bandLabel: i == 0 ? "± batch std" : nil))
    }
    return Figure(
      title: "Finite-time exponents (batch \(batch))", x: Axis("QR step after warmup"),
      y: Axis("finite-time exponent", unit: units), plots: plots)
  }
}
