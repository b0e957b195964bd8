import LinearAlgebra

/// Everything one split fits on its training part, and the features this gives every
/// network (test networks are only passed through fitted models, never fitted on).
///
/// Fitted on the training part: the per-exponent standardization of the spectra, the
/// loss's mean and standard deviation (AeLLE's head learns the standardized loss), the
/// autoencoder (trained on the training part minus its validation part, which chooses the
/// kept state), the PCA of its latent vectors and the PCA of the raw spectra (centred, not
/// scaled), and ridge regression from the standardized spectrum to the loss (penalty
/// cross-validated on the training part).
public struct SplitModels: Sendable {
  public var scaling: Standardization
  /// The training losses' mean and standard deviation: `t = (loss - mean) / deviation`.
  public var lossMean: Double
  public var lossDeviation: Double
  public var aelle: AeLLETraining.Result
  public var latentPCA: PrincipalComponents
  public var rawPCA: PrincipalComponents
  public var ridge: RidgeRegression
  /// Features of every network (columns in input order).
  public var latent: Matrix<Double>
  public var latentScores: Matrix<Double>
  public var rawScores: Matrix<Double>
  public var ridgePredictions: [Double]

  /// Fits on `split.train` of `spectra` (`k x n`, one cleaned spectrum per column) and
  /// `losses`, keeping up to `components` principal components of each kind.
  public init(
    spectra: Matrix<Double>, losses: [Double], split: HeldOutSplit, training: AeLLETraining,
    components: Int, seed: UInt64, progress: ((Int, Int) -> Void)? = nil
  ) throws {
    let train = split.train
    let rawTrain = spectra.selectingColumns(train)
    scaling = Standardization(fitting: rawTrain)
    let standardized = scaling.apply(spectra)
    let trainLosses = train.map { losses[$0] }
    let lossScaling = Standardization(
      fitting: Matrix(rows: 1, columns: trainLosses.count, storage: trainLosses))
    lossMean = lossScaling.means[0]
    lossDeviation = lossScaling.deviations[0]
    let targets = losses.map { [lossMean, lossDeviation] in ($0 - lossMean) / lossDeviation }
    let fitting = split.fitting
    aelle = try training.train(
      standardized.selectingColumns(fitting), fitting.map { targets[$0] },
      validation: standardized.selectingColumns(split.validation),
      split.validation.map { targets[$0] }, progress: progress)
    latent = aelle.model.encode(standardized)
    latentPCA = try PrincipalComponents(fitting: latent.selectingColumns(train), count: components)
    latentScores = latentPCA.transform(latent)
    rawPCA = try PrincipalComponents(fitting: rawTrain, count: components)
    rawScores = rawPCA.transform(spectra)
    ridge = try RidgeRegression.crossValidated(
      standardized.selectingColumns(train), trainLosses, seed: seed)
    ridgePredictions = ridge.predict(standardized)
  }

  /// AeLLE's predicted loss (in loss units) for every network.
  public var predictedLosses: [Double] {
    aelle.model.predict(latent: latent).map { $0 * lossDeviation + lossMean }
  }
}
