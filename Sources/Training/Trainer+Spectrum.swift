import LinearAlgebra
import Lyapunov
import RecurrentNets

/// The Lyapunov spectrum tracked through training: that of the recurrent part, driven by
/// the same first validation sequences every time, one row of `spectra.npy` per measure.
extension Trainer {
  /// The spectrum of the recurrent part driven by the first validation sequences.
  ///
  /// The first `spectrumBatch` validation sequences (fewer when the split is smaller) drive
  /// the network for `spectrumWarmup + spectrumSteps` steps, cut to their length; the
  /// warmup is cut to leave at least one step. Exponents of the hidden state convention,
  /// ``spectrumWidth`` of them.
  ///
  /// - Throws: ``NetworkError/invalidValue(name:value:hint:)`` when the validation split is
  ///   empty; ``LyapunovError`` when the estimator fails.
  public func spectrum(_ parameters: ModelParameters<Scalar>) throws -> LyapunovSpectrum {
    let config = configuration
    let b = min(config.spectrumBatch, dataset.count(.validation))
    guard b >= 1 else {
      throw NetworkError.invalidValue(
        name: "spectrum-batch", value: "\(config.spectrumBatch)",
        hint: "the validation split is empty")
    }
    let batch = dataset.batch(.validation, indices: Array(0..<b), as: Scalar.self)
    let total = min(batch.steps, config.spectrumWarmup + config.spectrumSteps)
    let warmup = min(config.spectrumWarmup, total - 1)
    let m = dataset.inputSize
    var inputs = [Scalar](repeating: 0, count: b * total * m)
    for t in 0..<total {
      for s in 0..<b {
        for i in 0..<m { inputs[(s * total + t) * m + i] = batch.inputs[t][i, s] }
      }
    }
    let network = try AnyRecurrentNetwork(parameters.networkWeights())
    let estimator = LyapunovEstimator(
      EstimatorConfiguration(
        batch: b, steps: total - warmup, warmup: warmup, exponents: spectrumWidth))
    return try network.spectrum(
      inputs: inputs, batch: b, steps: total, convention: .hidden, estimator: estimator)
  }

  /// Exponents per spectrum: the requested number, at most the hidden tangent dimension.
  var spectrumWidth: Int {
    let n = configuration.network.hiddenSize * configuration.network.layers
    return min(configuration.spectrumExponents ?? n, n)
  }

  /// The spectrum of `parameters`, or the estimator's error: a diverging state or an
  /// overflowing tangent is recorded, not fatal to the run (annihilated directions are
  /// -infinity exponents, not errors). Other errors are thrown.
  func measuredSpectrum(_ parameters: ModelParameters<Scalar>) throws
    -> Result<LyapunovSpectrum, LyapunovError>
  {
    do {
      return .success(try spectrum(parameters))
    } catch let error as LyapunovError {
      return .failure(error)
    }
  }

  /// The row of `spectra.npy` for a spectrum the estimator failed on.
  var failedSpectrumRow: [Double] { Array(repeating: .nan, count: spectrumWidth) }

  /// At the end of `epoch`, when a spectrum is due (every `spectrumEvery` epochs, 0 never):
  /// appends its row to `state.spectra` and returns its statistics, or, when the estimator
  /// failed, a row of NaN and the reason. Returns two nils when none is due.
  func recordSpectrum(_ epoch: Int, _ state: inout State) throws
    -> (statistics: SpectrumStatistics?, error: String?)
  {
    let every = configuration.spectrumEvery
    guard every > 0 && epoch % every == 0 else { return (nil, nil) }
    switch try measuredSpectrum(state.parameters) {
    case .success(let result):
      state.spectra.append(result.exponents)
      return (result.statistics, nil)
    case .failure(let error):
      state.spectra.append(failedSpectrumRow)
      return (nil, "\(error)")
    }
  }
}
