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
    // Spans: the loop runs without per-element copy-on-write checks and vectorizes.
    let gates = cache.gates.storage.span
    let tanhC = cache.tanhC.storage.span
    let previousState = cache.previousState.storage.span
    let gradient = outputGradient.storage.span
    var dzs = dz.storage.mutableSpan
    var previousS = previous.storage.mutableSpan
    for b in 0..<batch {
      let g4 = 4 * n * b
      let g2 = 2 * n * b
      let g1 = n * b
      let c0 = cache.previousState.rows * b + n
      for r in 0..<n {
        let i = gates[g4 + r]
        let f = gates[g4 + n + r]
        let g = gates[g4 + 2 * n + r]
        let o = gates[g4 + 3 * n + r]
        let t = tanhC[g1 + r]
        let dh = gradient[g2 + r]
        let dc = gradient[g2 + n + r] + dh * o * (1 - t * t)
        dzs[g4 + r] = dc * g * i * (1 - i)
        dzs[g4 + n + r] = dc * previousState[c0 + r] * f * (1 - f)
        dzs[g4 + 2 * n + r] = dc * i * (1 - g * g)
        dzs[g4 + 3 * n + r] = dh * t * o * (1 - o)
        previousS[g2 + n + r] = dc * f
      }
    }
    parameterGradients.accumulateProduct("weight_ih", dz, input)
    parameterGradients.accumulateProduct("weight_hh", dz, state.rows(0..<n))
    parameterGradients.accumulateRowSums("bias_ih", "bias_hh", of: dz)
    // dh = W_hh^T dz, straight into the h block of the previous state's gradient.
    multiply(weightHH, dz, into: &previous, firstRow: 0, transposeA: true)
    return (previous, inputGradient ? weightIH.transposedTimes(dz) : nil)
  }
}
