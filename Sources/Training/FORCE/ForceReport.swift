import Foundation
import Lyapunov

/// The JSON document of a FORCE run (`lyap force --format json`, `force.json`; schema in
/// docs/json-output.md). MAEs are in the target's units; exponents in nats per step of the
/// closed-loop map (one step is dt seconds), in QR column order.
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
    startSteps = run.training.startSteps
    target = TargetSummary(
      samples: run.target.samples, outputs: run.target.outputs,
      frequencies: run.target.frequencies, amplitudes: run.target.amplitudes)
    configuration = run.configuration
    trainingSeconds = run.trainingSeconds
    spectrumSeconds = run.spectrumSeconds
  }

  /// Pretty, key-sorted JSON; infinite exponents (collapsed directions) are written as the
  /// strings "-Infinity" / "Infinity", NaN as "NaN".
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    return try encoder.encode(self)
  }
}
