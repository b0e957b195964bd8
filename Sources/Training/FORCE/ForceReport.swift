import Foundation
import Lyapunov

/// The JSON document of a FORCE run (`lyap force --format json`, `force.json`; schema in
/// docs/json-output.md). MAEs are in the target's units; exponents in nats per step of the
/// closed-loop map (one step is dt seconds), in QR column order. JSON has no infinities: an
/// exponent of an annihilated direction (-infinity) and its undefined `std` are null, as in
/// `lyap spectrum`'s JSON, and read back as -infinity and NaN.
public struct ForceReport: Codable, Equatable, Sendable {
  /// The network's loss: the validation MAE after the last epoch.
  public var mae: Double
  /// Per-epoch training MAE (readout before each update).
  public var trainMAE: [Double]
  /// Per-epoch free-run MAE (learning off).
  public var validationMAE: [Double]
  /// The spectrum, the mean over the starts.
  public var exponents: [Double]
  /// Its standard deviation over the starts.
  public var std: [Double]
  public var statistics: SpectrumStatistics
  public var units: String
  /// Directions annihilated by a singular Jacobian (their exponents are -infinity).
  public var collapses: [LyapunovSpectrum.Collapse]
  /// Steps of the validation run whose states started the spectrum.
  public var startSteps: [Int]
  /// The target as used: samples per epoch, outputs, and the drawn four-sine components.
  public var target: TargetSummary
  public var configuration: ForceConfiguration
  public var trainingSeconds: Double
  public var spectrumSeconds: Double

  /// What the network learned.
  public struct TargetSummary: Codable, Equatable, Sendable {
    public var samples: Int
    public var outputs: Int
    public var frequencies: [Int]
    public var amplitudes: [Int]
  }

  public init(_ run: ForceRun) {
    mae = run.training.validationMAE.last ?? .nan
    trainMAE = run.training.trainMAE
    validationMAE = run.training.validationMAE
    exponents = run.spectrum.exponents
    std = run.spectrum.standardDeviation
    statistics = run.spectrum.statistics
    units = run.spectrum.units
    collapses = run.spectrum.collapses
    startSteps = run.training.startSteps
    target = TargetSummary(
      samples: run.target.samples, outputs: run.target.outputs,
      frequencies: run.target.frequencies, amplitudes: run.target.amplitudes)
    configuration = run.configuration
    trainingSeconds = run.trainingSeconds
    spectrumSeconds = run.spectrumSeconds
  }

  enum CodingKeys: String, CodingKey {
    case mae, trainMAE, validationMAE, exponents, std, statistics, units, collapses, startSteps
    case target, configuration, trainingSeconds, spectrumSeconds
  }

  public func encode(to encoder: Encoder) throws {
    func finite(_ values: [Double]) -> [Double?] { values.map { $0.isFinite ? $0 : nil } }
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(mae, forKey: .mae)
    try c.encode(trainMAE, forKey: .trainMAE)
    try c.encode(validationMAE, forKey: .validationMAE)
    try c.encode(finite(exponents), forKey: .exponents)
    try c.encode(finite(std), forKey: .std)
    try c.encode(statistics, forKey: .statistics)
    try c.encode(units, forKey: .units)
    try c.encode(collapses, forKey: .collapses)
    try c.encode(startSteps, forKey: .startSteps)
    try c.encode(target, forKey: .target)
    try c.encode(configuration, forKey: .configuration)
    try c.encode(trainingSeconds, forKey: .trainingSeconds)
    try c.encode(spectrumSeconds, forKey: .spectrumSeconds)
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    mae = try c.decode(Double.self, forKey: .mae)
    trainMAE = try c.decode([Double].self, forKey: .trainMAE)
    validationMAE = try c.decode([Double].self, forKey: .validationMAE)
    exponents = try c.decode([Double?].self, forKey: .exponents).map { $0 ?? -.infinity }
    std = try c.decode([Double?].self, forKey: .std).map { $0 ?? .nan }
    statistics = try c.decode(SpectrumStatistics.self, forKey: .statistics)
    units = try c.decode(String.self, forKey: .units)
    collapses = try c.decode([LyapunovSpectrum.Collapse].self, forKey: .collapses)
    startSteps = try c.decode([Int].self, forKey: .startSteps)
    target = try c.decode(TargetSummary.self, forKey: .target)
    configuration = try c.decode(ForceConfiguration.self, forKey: .configuration)
    trainingSeconds = try c.decode(Double.self, forKey: .trainingSeconds)
    spectrumSeconds = try c.decode(Double.self, forKey: .spectrumSeconds)
  }

  /// Pretty, key-sorted JSON. A statistic that is itself infinite (no finite exponent at
  /// all) is null (SpectrumStatistics); any other non-finite number would be a string.
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return try encoder.encode(self)
  }
}
