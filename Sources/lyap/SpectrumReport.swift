import Foundation
import Lyapunov

/// The JSON document of `lyap spectrum --format json` (schema in docs/json-output.md).
///
/// JSON has no infinities: an infinite exponent (an annihilated direction) and its undefined
/// batch standard deviation are written as null; tables and CSV print `-inf` (and `inf`).
struct SpectrumReport: Encodable {
  /// What was analysed: a one-line description and its kind-specific fields.
  var system: [String: JSONValue]
  var exponents: [Double]
  var std: [Double]
  var perTrajectory: [[Double]]
  var statistics: SpectrumStatistics
  var collapses: [LyapunovSpectrum.Collapse]
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
    collapses = spectrum.collapses
    units = spectrum.units
    self.configuration = configuration
    self.seconds = seconds
  }

  enum CodingKeys: String, CodingKey {
    case system, exponents, std, perTrajectory, statistics, collapses, units, configuration
    case seconds, lyap
  }

  func encode(to encoder: Encoder) throws {
    func finite(_ values: [Double]) -> [Double?] { values.map { $0.isFinite ? $0 : nil } }
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(system, forKey: .system)
    try container.encode(finite(exponents), forKey: .exponents)
    try container.encode(finite(std), forKey: .std)
    try container.encode(perTrajectory.map(finite), forKey: .perTrajectory)
    try container.encode(statistics, forKey: .statistics)
    try container.encode(collapses, forKey: .collapses)
    try container.encode(units, forKey: .units)
    try container.encode(configuration, forKey: .configuration)
    try container.encode(seconds, forKey: .seconds)
    try container.encode(lyap, forKey: .lyap)
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
          [String(i + 1), Self.number(exponents[i]), Self.number(std[i])]
          + perTrajectory.map { Self.number($0[i]) }
        lines.append(fields.joined(separator: ","))
      }
      return lines.joined(separator: "\n") + "\n"
    case .table:
      return table()
    }
  }

  /// Shortest round-trip text of `x`, with `-inf` and `inf` for the infinities.
  static func number(_ x: Double) -> String {
    x.isFinite ? "\(x)" : (x < 0 ? "-inf" : "inf")
  }

  private func table() -> String {
    func fixed(_ x: Double) -> String {
      guard x.isFinite else {
        let text = Self.number(x)
        return String(repeating: " ", count: 12 - text.count) + text
      }
      return String(format: "%12.6f", x)
    }
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
    if s.infiniteCount > 0 {
      let first = collapses.map {
        "trajectory \($0.trajectory) exponent \($0.exponent + 1) at step \($0.step)"
      }
      lines.append(
        "\(s.infiniteCount) exponent(s) -inf (directions annihilated by singular Jacobians, e.g. dead ReLU units or saturated gates; statistics over the finite ones): "
          + first.prefix(5).joined(separator: "; ") + (first.count > 5 ? "; ..." : ""))
    }
    lines.append(String(format: "%.3f s", seconds))
    return lines.joined(separator: "\n") + "\n"
  }
}
