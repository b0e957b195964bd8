import Foundation
import LinearAlgebra
import Lyapunov

/// One complete FORCE run: a random network, trained on its target, then the spectrum of
/// its closed loop from states of the validation run (thesis ch. 3).
public struct ForceRun: Sendable {
  public var configuration: ForceConfiguration
  public var target: ForceTarget
  /// The network with its trained readout.
  public var network: ForceNetwork<Double>
  public var training: ForceTrainingResult<Double>
  /// The spectrum averaged over the starts (exponents in nats per step, QR column order).
  public var spectrum: LyapunovSpectrum
  /// Wall-clock seconds of training (with its free runs) and of the spectrum.
  public var trainingSeconds: Double
  public var spectrumSeconds: Double

  /// The document printed by `lyap force --format json` and saved as `force.json`.
  public var report: ForceReport { ForceReport(self) }
}

/// Runs FORCE studies from a ``ForceConfiguration``.
public enum ForceExperiment {
  /// Builds the target and network, trains, and computes the closed-loop spectrum.
  ///
  /// BLAS runs single-threaded throughout (level-2 products in training, and one thread
  /// per chunk of starts in the spectrum); the previous BLAS thread count is restored.
  /// - Throws: ``ForceError`` for invalid settings, an unusable target or a diverging run;
  ///   ``LyapunovError`` or ``LinearAlgebraError`` from the spectrum; TensorIO errors when
  ///   the target file cannot be read.
  public static func run(_ configuration: ForceConfiguration) throws -> ForceRun {
    try configuration.validate()
    let target = try makeTarget(configuration)
    let freeSteps = configuration.testEpochs * target.samples
    guard configuration.starts <= freeSteps else {
      throw ForceError.invalidOption(
        name: "starts", value: "\(configuration.starts)",
        hint: "cannot draw more distinct starts than the \(freeSteps) steps of the validation run")
    }
    let savedThreads = BLASThreads.count
    BLASThreads.count = 1
    defer { BLASThreads.count = savedThreads }

    var network = ForceNetwork<Double>.random(
      size: configuration.size, outputs: target.outputs, gain: configuration.gain,
      density: configuration.density, step: configuration.step, seed: configuration.seed)
    let trainingStart = Date()
    let training = try ForceTraining.train(
      &network, target: target, epochs: configuration.epochs,
      testEpochs: configuration.testEpochs, learnEvery: configuration.learnEvery,
      regularization: configuration.regularization, seed: configuration.seed,
      starts: configuration.starts)
    let spectrumStart = Date()
    let map = ForceClosedLoopMap(network: network, starts: training.starts)
    let estimator = LyapunovEstimator(
      EstimatorConfiguration(
        batch: training.starts.count, steps: configuration.spectrumSteps, warmup: 0,
        qrInterval: 1, exponents: configuration.exponents, threads: configuration.threads))
    let spectrum = try estimator.run(map)
    let end = Date()
    return ForceRun(
      configuration: configuration, target: target, network: network, training: training,
      spectrum: spectrum, trainingSeconds: spectrumStart.timeIntervalSince(trainingStart),
      spectrumSeconds: end.timeIntervalSince(spectrumStart))
  }

  /// The configuration's target.
  public static func makeTarget(_ configuration: ForceConfiguration) throws -> ForceTarget {
    switch configuration.target {
    case .fourSine(let seed, let f, let a):
      return try ForceTarget.fourSine(
        seed: seed, frequencies: f[0]...f[1], amplitudes: a[0]...a[1],
        samples: configuration.fourSineSamples, dt: configuration.dt)
    case .file(let path):
      return try ForceTarget.load(URL(fileURLWithPath: path))
    }
  }
}
