import LinearAlgebra

/// Latent perturbations of a trained AeLLE and the null space of its head (thesis eq. 3.7,
/// Figs. 3.13-3.15).
///
/// The head predicts `t^ = w^T z + b` (standardized loss). The smallest latent shift that
/// changes the prediction by `dt` is `dz = w^+ dt = w dt / |w|^2` (the head's
/// pseudo-inverse). From the base point `z0` (the mean latent vector of the training
/// networks), each step `dT` (in loss units: `dt = dT / sigma` with sigma the training
/// losses' standard deviation) gives `z0 + dz`, decoded to a spectrum (in exponent units,
/// undoing the standardization). The head's null space `{v : w^T v = 0}` holds the shifts
/// that leave the prediction unchanged: the plane of the first two latent PCs is projected
/// onto it (`P_null = I - w w^T / |w|^2`) and a 5 x 5 grid of points `z0 + P_null (c1 p1 +
/// c2 p2)` (c in -2 ... 2 standard deviations of each PC) is decoded. Every null-space
/// point has the base point's predicted loss.
public struct LatentPerturbation: Sendable {
  /// The changes of predicted loss, in loss units.
  public var deltas: [Double]
  /// The predicted loss at the base point, in loss units.
  public var baseLoss: Double
  /// Perturbed latent vectors (`latent x steps`), their first two PC coordinates
  /// (`2 x steps`), decoded spectra (`k x steps`) and predicted losses.
  public var latents: Matrix<Double>
  public var pcCoordinates: Matrix<Double>
  public var spectra: Matrix<Double>
  public var predictedLosses: [Double]
  /// The base point decoded.
  public var baseSpectrum: [Double]
  /// An orthonormal basis of the head's null space (`latent x (latent - 1)`).
  public var nullSpaceBasis: Matrix<Double>
  /// Null-space grid points: PC coordinates (`2 x 25`), decoded spectra, predicted losses.
  public var nullPCCoordinates: Matrix<Double>
  public var nullSpectra: Matrix<Double>
  public var nullPredictedLosses: [Double]

  /// Perturbs the autoencoder of `models`; `training` are the networks whose mean latent
  /// vector is the base point; `steps` are `dT / sigma`.
  public init(models: SplitModels, training: [Int], steps: [Double]) throws {
    let model = models.aelle.model
    let latentSize = model.latentSize
    let sigma = models.lossDeviation
    let z0 = (0..<latentSize).map { i in
      training.reduce(0) { $0 + models.latent[i, $1] } / Double(max(1, training.count))
    }
    let base = Matrix(rows: latentSize, columns: 1, storage: z0)
    baseLoss = model.predict(latent: base)[0] * sigma + models.lossMean
    baseSpectrum = Self.unstandardize(model.decode(base), models.scaling).storage
    let pinv = try pseudoInverse(model.head.weight)
    deltas = steps.map { $0 * sigma }
    latents = Matrix(rows: latentSize, columns: steps.count)
    for (j, step) in steps.enumerated() {
      for i in 0..<latentSize { latents[i, j] = z0[i] + pinv[i, 0] * step }
    }
    let planeCount = min(2, models.latentPCA.count)
    pcCoordinates = models.latentPCA.transform(latents).rows(0..<planeCount)
    spectra = Self.unstandardize(model.decode(latents), models.scaling)
    predictedLosses = model.predict(latent: latents).map { $0 * sigma + models.lossMean }

    nullSpaceBasis = try nullSpace(model.head.weight)
    var projector = Matrix<Double>(rows: latentSize, columns: latentSize)
    multiply(nullSpaceBasis, nullSpaceBasis, into: &projector, transposeB: true)
    let grid = [-2.0, -1, 0, 1, 2]
    var points = Matrix<Double>(rows: latentSize, columns: grid.count * grid.count)
    for (a, c1) in grid.enumerated() {
      for (b, c2) in grid.enumerated() {
        var shift = [Double](repeating: 0, count: latentSize)
        for p in 0..<planeCount {
          let c = (p == 0 ? c1 : c2) * models.latentPCA.explainedVariance[p].squareRoot()
          for i in 0..<latentSize { shift[i] += c * models.latentPCA.components[p, i] }
        }
        for i in 0..<latentSize {
          var projected = 0.0
          for l in 0..<latentSize { projected += projector[i, l] * shift[l] }
          points[i, a * grid.count + b] = z0[i] + projected
        }
      }
    }
    nullPCCoordinates = models.latentPCA.transform(points).rows(0..<planeCount)
    nullSpectra = Self.unstandardize(model.decode(points), models.scaling)
    nullPredictedLosses = model.predict(latent: points).map { $0 * sigma + models.lossMean }
  }

  /// `x * std + mean` per row: back to exponent units.
  static func unstandardize(_ x: Matrix<Double>, _ scaling: Standardization) -> Matrix<Double> {
    var out = x
    for j in 0..<x.columns {
      for i in 0..<x.rows { out[i, j] = x[i, j] * scaling.deviations[i] + scaling.means[i] }
    }
    return out
  }
}
