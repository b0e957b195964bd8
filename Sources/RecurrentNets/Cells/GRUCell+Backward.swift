import LinearAlgebra

extension GRUCell: TrainableCell {
  public init(
    architecture: Architecture, parameters: [String: Matrix<Scalar>],
    hyperparameters: Hyperparameters
  ) {
    let p = ParameterReader(parameters: parameters)
    let g = p.matrix("weight_hh").rows
    self.init(
      weightIH: p.matrix("weight_ih"), weightHH: p.matrix("weight_hh"),
      biasIH: p.vector("bias_ih", g), biasHH: p.vector("bias_hh", g))
  }

  /// With `dn = dh' (1-z)`, `da_n = dn (1-n^2)`: input-side pre-activation gradients
  /// `[da_r, da_z, da_n]` with `da_r = da_n hn r(1-r)`, `da_z = dh' (h - n) z(1-z)`; the
  /// hidden side sees `[da_r, da_z, da_n r]`; `dh = W_hh^T (hidden side) + dh' z`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func backward(
    _ cache: Cache, state: Matrix<Scalar>, input: Matrix<Scalar>,
    outputGradient: Matrix<Scalar>, parameterGradients: inout ParameterGradients<Scalar>,
    inputGradient: Bool
  ) -> (state: Matrix<Scalar>, input: Matrix<Scalar>?) {
    let n = hiddenSize
    let batch = state.columns
    var inputSide = Matrix<Scalar>(rows: 3 * n, columns: batch)
    var hiddenSide = Matrix<Scalar>(rows: 3 * n, columns: batch)
    var direct = Matrix<Scalar>(rows: n, columns: batch)
    // Spans: the loop runs without per-element copy-on-write checks and vectorizes.
    let gates = cache.gates.storage.span
    let hiddenN = cache.hiddenN.storage.span
    let h = state.storage.span
    let gradient = outputGradient.storage.span
    var input3 = inputSide.storage.mutableSpan
    var hidden3 = hiddenSide.storage.mutableSpan
    var directS = direct.storage.mutableSpan
    for b in 0..<batch {
      let g3 = 3 * n * b
      for k in 0..<n {
        let r = gates[g3 + k]
        let z = gates[g3 + n + k]
        let nn = gates[g3 + 2 * n + k]
        let dh = gradient[n * b + k]
        let dan = dh * (1 - z) * (1 - nn * nn)
        let dar = dan * hiddenN[n * b + k] * r * (1 - r)
        let daz = dh * (h[n * b + k] - nn) * z * (1 - z)
        input3[g3 + k] = dar
        input3[g3 + n + k] = daz
        input3[g3 + 2 * n + k] = dan
        hidden3[g3 + k] = dar
        hidden3[g3 + n + k] = daz
        hidden3[g3 + 2 * n + k] = dan * r
        directS[n * b + k] = dh * z
      }
    }
    parameterGradients.accumulateProduct("weight_ih", inputSide, input)
    parameterGradients.accumulateProduct("weight_hh", hiddenSide, state)
    parameterGradients.accumulateRowSums("bias_ih", of: inputSide)
    parameterGradients.accumulateRowSums("bias_hh", of: hiddenSide)
    var dh = direct
    multiply(weightHH, hiddenSide, into: &dh, transposeA: true, beta: 1)
    return (dh, inputGradient ? weightIH.transposedTimes(inputSide) : nil)
  }
}
