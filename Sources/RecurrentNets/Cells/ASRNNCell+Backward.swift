import LinearAlgebra

extension ASRNNCell: TrainableCell {
  /// Builds the cell from `weight_ih`, `weight_hh` and `bias` (zeros when absent) with
  /// hyperparameters `eps` and `gamma` (published defaults where unset).
  public init(
    architecture: Architecture, parameters: [String: Matrix<Scalar>],
    hyperparameters: Hyperparameters
  ) {
    let p = ParameterReader(parameters: parameters)
    let h = hyperparameters.withDefaults(for: architecture)
    let n = p.matrix("weight_hh").rows
    self.init(
      weightIH: p.matrix("weight_ih"), weightHH: p.matrix("weight_hh"),
      bias: p.vector("bias", n), eps: Scalar(h.eps!), gamma: Scalar(h.gamma!))
  }

  /// `da = dh' eps (1 - t^2)`; with `dA = da h^T` the gradient of `A = W - W^T - gamma I`,
  /// `dW += dA - dA^T = da h^T - h da^T`; `dV += da x^T`, `db += sum da`;
  /// `dh = dh' + A^T da`, `dx = V^T da`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func backward(
    _ cache: Cache, state: Matrix<Scalar>, input: Matrix<Scalar>,
    outputGradient: Matrix<Scalar>, parameterGradients: inout ParameterGradients<Scalar>,
    inputGradient: Bool
  ) -> (state: Matrix<Scalar>, input: Matrix<Scalar>?) {
    var da = outputGradient
    for i in da.storage.indices {
      let t = cache.activation.storage[i]
      da.storage[i] *= eps * (1 - t * t)
    }
    parameterGradients.accumulateProduct("weight_ih", da, input)
    parameterGradients.accumulateProduct("weight_hh", da, state, plusTransposed: -1)
    parameterGradients.accumulateRowSums("bias", of: da)
    var dh = outputGradient
    multiply(effectiveHH, da, into: &dh, transposeA: true, beta: 1)
    return (dh, inputGradient ? weightIH.transposedTimes(da) : nil)
  }
}
