import LinearAlgebra

extension LSTMCell: TrainableCell {
  public init(
    architecture: Architecture, parameters: [String: Matrix<Scalar>],
    hyperparameters: Hyperparameters
  ) {
    let p = ParameterReader(parameters: parameters)
    let g = p.matrix("weight_hh").rows
    self.init(
      weightIH: p.matrix("weight_ih"), weightHH: p.matrix("weight_hh"),
      bias: zip(p.vector("bias_ih", g), p.vector("bias_hh", g)).map(+))
  }

  /// With `dc = dc' + dh' o (1 - T^2)`: `d(pre i) = dc g i(1-i)`, `d(pre f) = dc c f(1-f)`,
  /// `d(pre g) = dc i (1-g^2)`, `d(pre o) = dh' T o(1-o)`; the previous cell state gets
  /// `dc f`, and the weights, biases, h and x get the usual affine products of these.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func backward(
    _ cache: Cache, state: Matrix<Scalar>, input: Matrix<Scalar>,
    outputGradient: Matrix<Scalar>, parameterGradients: inout ParameterGradients<Scalar>,
    inputGradient: Bool
  ) -> (state: Matrix<Scalar>, input: Matrix<Scalar>?) {
    let n = hiddenSize
    let batch = state.columns
    var dz = Matrix<Scalar>(rows: 4 * n, columns: batch)
    var previous = Matrix<Scalar>(rows: 2 * n, columns: batch)
    for b in 0..<batch {
      for r in 0..<n {
        let i = cache.gates[r, b]
        let f = cache.gates[n + r, b]
        let g = cache.gates[2 * n + r, b]
        let o = cache.gates[3 * n + r, b]
        let t = cache.tanhC[r, b]
        let dh = outputGradient[r, b]
        let dc = outputGradient[n + r, b] + dh * o * (1 - t * t)
        dz[r, b] = dc * g * i * (1 - i)
        dz[n + r, b] = dc * cache.previousC[r, b] * f * (1 - f)
        dz[2 * n + r, b] = dc * i * (1 - g * g)
        dz[3 * n + r, b] = dh * t * o * (1 - o)
        previous[n + r, b] = dc * f
      }
    }
    parameterGradients.accumulateProduct("weight_ih", dz, input)
    parameterGradients.accumulateProduct("weight_hh", dz, state.rows(0..<n))
    parameterGradients.accumulateRowSums("bias_ih", dz)
    parameterGradients.accumulateRowSums("bias_hh", dz)
    var dh = Matrix<Scalar>(rows: n, columns: batch)
    multiply(weightHH, dz, into: &dh, transposeA: true)
    for b in 0..<batch { for r in 0..<n { previous[r, b] = dh[r, b] } }
    return (previous, inputGradient ? weightIH.transposedTimes(dz) : nil)
  }
}
