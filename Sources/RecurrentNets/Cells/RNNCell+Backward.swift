import LinearAlgebra

extension RNNCell: TrainableCell {
  public init(
    architecture: Architecture, parameters: [String: Matrix<Scalar>],
    hyperparameters: Hyperparameters
  ) {
    let p = ParameterReader(parameters: parameters)
    let n = p.matrix("weight_hh").rows
    self.init(
      weightIH: p.matrix("weight_ih"), weightHH: p.matrix("weight_hh"),
      bias: zip(p.vector("bias_ih", n), p.vector("bias_hh", n)).map(+),
      nonlinearity: architecture == .rnnRelu ? .relu : .tanh)
  }

  /// `da = dh' act'(a)`; `dW_ih += da x^T`, `dW_hh += da h^T`, both biases `+= sum da`;
  /// `dh = W_hh^T da`, `dx = W_ih^T da`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func backward(
    _ cache: Matrix<Scalar>, state: Matrix<Scalar>, input: Matrix<Scalar>,
    outputGradient: Matrix<Scalar>, parameterGradients: inout ParameterGradients<Scalar>,
    inputGradient: Bool
  ) -> (state: Matrix<Scalar>, input: Matrix<Scalar>?) {
    var da = outputGradient
    for i in da.storage.indices {
      let h = cache.storage[i]
      da.storage[i] *= nonlinearity == .tanh ? 1 - h * h : (h > 0 ? 1 : 0)
    }
    parameterGradients.accumulateProduct("weight_ih", da, input)
    parameterGradients.accumulateProduct("weight_hh", da, state)
    parameterGradients.accumulateRowSums("bias_ih", "bias_hh", of: da)
    var dh = Matrix<Scalar>(rows: hiddenSize, columns: state.columns)
    multiply(weightHH, da, into: &dh, transposeA: true)
    return (dh, inputGradient ? weightIH.transposedTimes(da) : nil)
  }
}
