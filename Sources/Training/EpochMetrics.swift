import Lyapunov

/// One line of `metrics.jsonl`.
public struct EpochMetrics: Codable, Equatable, Sendable {
  public init(
    epoch: Int, trainLoss: Double?, validationLoss: Double, validationAccuracy: Double?,
    seconds: Double, learningRate: Double, spectrum: SpectrumStatistics?,
    spectrumError: String? = nil
  ) {
    self.epoch = epoch
    self.trainLoss = trainLoss
    self.validationLoss = validationLoss
    self.validationAccuracy = validationAccuracy
    self.seconds = seconds
    self.learningRate = learningRate
    self.spectrum = spectrum
    self.spectrumError = spectrumError
  }

  public var epoch: Int
  /// Mean training loss over the epoch's batches (nats per prediction, or MSE/MAE).
  public var trainLoss: Double?
  public var validationLoss: Double
  /// Top-1 accuracy on the validation split (classification; nil for regression).
  public var validationAccuracy: Double?
  public var seconds: Double
  public var learningRate: Double
  /// Statistics of the spectrum after this epoch (if computed): those of the finite
  /// exponents, with `infiniteCount` counting the annihilated directions (-infinity). A
  /// statistic that is -infinity (no finite exponent) is null in metrics.jsonl.
  public var spectrum: SpectrumStatistics?
  /// Why the spectrum could not be computed this epoch (its spectra.npy row is NaN).
  public var spectrumError: String?
}
