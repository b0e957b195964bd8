import LinearAlgebra

extension LipschitzCell: TrainableCell {
  /// Builds the cell from `weight_ih`, `weight_a`, `weight_w` and `bias` (zeros when absent)
  /// with hyperparameters `beta`, `gammaA`, `gammaW`, `dt` and `alpha` (published defaults
  /// where unset).
  ///
  /// For ``Architecture/noisy`` the noise is on when `noiseSeed` is set (training sets it),
  /// with levels `noiseAdditive` and `noiseMultiplicative`; for ``Architecture/lipschitz``
  /// it is always off.
  public init(
    architecture: Architecture, parameters: [String: Matrix<Scalar>],
    hyperparameters: Hyperparameters
  ) {
    let p = ParameterReader(parameters: parameters)
    let h = hyperparameters.withDefaults(for: architecture)
    let n = p.matrix("weight_a").rows
    let noise = h.noiseSeed.flatMap { seed in
      architecture == .noisy
        ? NoiseOptions(
          additive: Scalar(h.noiseAdditive!), multiplicative: Scalar(h.noiseMultiplicative!),
          seed: seed)
        : nil
    }
    self.init(
      weightIH: p.matrix("weight_ih"), weightA: p.matrix("weight_a"),
      weightW: p.matrix("weight_w"), bias: p.vector("bias", n), beta: Scalar(h.beta!),
      gammaA: Scalar(h.gammaA!), gammaW: Scalar(h.gammaW!), dt: Scalar(h.dt!),
      alpha: Scalar(h.alpha!), noise: noise)
  }

  /// With `g = dh'`, `ga = dt alpha g` and `da = g dt (1 - t^2)`: the effective matrices get
  /// `dA = ga h^T` and `dW = da h^T`; since `A_kl = MA_kl + (1 - 2 beta) MA_lk - gammaA d_kl`,
  /// `dMA += dA + (1 - 2 beta) dA^T` and `dMW += dW + (1 - 2 beta) dW^T`; `dU += da x^T`,
  /// `db += sum da`; `dh = g + A^T ga + W^T da` plus, with noise, `sqrt(dt) sigma_m xi' g`
  /// (the draws are constants of the stream); `dx = U^T da`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func backward(
    _ cache: Cache, state: Matrix<Scalar>, input: Matrix<Scalar>,
    outputGradient: Matrix<Scalar>, parameterGradients: inout ParameterGradients<Scalar>,
    inputGradient: Bool
  ) -> (state: Matrix<Scalar>, input: Matrix<Scalar>?) {
    let scale = dt * alpha
    var ga = outputGradient
    var da = outputGradient
    for i in da.storage.indices {
      let t = cache.activation.storage[i]
      ga.storage[i] *= scale
      da.storage[i] *= dt * (1 - t * t)
    }
    let transposed = 1 - 2 * beta
    parameterGradients.accumulateProduct("weight_ih", da, input)
    parameterGradients.accumulateProduct("weight_a", ga, state, plusTransposed: transposed)
    parameterGradients.accumulateProduct("weight_w", da, state, plusTransposed: transposed)
    parameterGradients.accumulateRowSums("bias", of: da)
    var dh = outputGradient
    if let xiM = cache.multiplicativeNoise, let noise {
      let root = dt.squareRoot() * noise.multiplicative
      for i in dh.storage.indices {
        dh.storage[i] += root * xiM.storage[i] * outputGradient.storage[i]
      }
    }
    multiply(effectiveA, ga, into: &dh, transposeA: true, beta: 1)
    multiply(effectiveW, da, into: &dh, transposeA: true, beta: 1)
    return (dh, inputGradient ? weightIH.transposedTimes(da) : nil)
  }
}
