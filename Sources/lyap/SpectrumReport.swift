import Foundation
import Lyapunov

/// The JSON document of `lyap spectrum --format json` (schema in docs/json-output.md).
struct SpectrumReport: Encodable {
  /// What was analysed: a one-line description and its kind-specific fields.
  var system: [String: JSONValue]
  var exponents: [Double]
  var std: [Double]
  var perTrajectory: [[Double]]
  var statistics: SpectrumStatistics
  var units: String
  var configuration: [String: JSONValue]
  var seconds: Double
  /// The `lyap` that computed it: version and git commit.
  var lyap = LyapVersion.json

  init(
    spectrum: LyapunovSpectrum, system: [String: JSONValue], configuration: [String: JSONValue],
    seconds: Double
  ) {
    self.system = system
    exponents = spectrum.exponents
    std = spectrum.standardDeviation
    perTrajectory = spectrum.perTrajectory
    statistics = spectrum.statistics
    units = spectrum.units
    self.configuration = configuration
    self.seconds = seconds
  }

  /// Renders the report in `format`.
  func render(_ format: OutputFormat) throws -> String {
    switch format {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    case .csv:
      let header =
        ["index", "exponent", "std"] + perTrajectory.indices.map { "trajectory\($0)" }
      var lines = [header.joined(separator: ",")]
      for i in exponents.indices {
        let fields =
          [String(i + 1), "\(exponents[i])", "\(std[i])"]
          + perTrajectory.map { "\($0[i])" }
        lines.append(fields.joined(separator: ","))
      }
      return lines.joined(separator: "\n") + "\n"
    case .table:
      return table()
    }
  }

  private func table() -> String {
    func fixed(_ x: Double) -> String { String(format: "%12.6f", x) }
    func value(_ key: String) -> String { configuration[key]?.description ?? "?" }
    var lines = [
      "Lyapunov spectrum of the \(system["description"]?.description ?? "system")",
      "\(plural(exponents.count, "exponent")) in \(units); batch \(value("batch")) x \(value("steps")) steps (warmup \(value("warmup")), QR every \(value("qrInterval"))), \(value("precision")) precision",
      "    i      exponent   std (batch)",
    ]
    for i in exponents.indices {
      lines.append(String(format: "%5d", i + 1) + " " + fixed(exponents[i]) + "  " + fixed(std[i]))
    }
    let s = statistics
    lines.append(
      "max \(String(format: "%.6f", s.max))  mean \(String(format: "%.6f", s.mean))  sum \(String(format: "%.6f", s.sum))  positive \(s.positiveCount)  Kaplan-Yorke dimension \(String(format: "%.4f", s.kaplanYorkeDimension))  entropy \(String(format: "%.6f", s.entropy))"
    )
    lines.append(String(format: "%.3f s", seconds))
    return lines.joined(separator: "\n") + "\n"
  }
}
