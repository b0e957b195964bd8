import LinearAlgebra

extension CoRNNCell: TrainableCell {
  /// Builds the cell from `weight_ih`, `weight_hh`, `weight_hz` and `bias` (zeros when
  /// absent) with hyperparameters `dt`, `gamma` and `eps` (published defaults where unset).
  public init(
    architecture: Architecture, parameters: [String: Matrix<Scalar>],
    hyperparameters: Hyperparameters
  ) {
    let p = ParameterReader(parameters: parameters)
    let h = hyperparameters.withDefaults(for: architecture)
    let n = p.matrix("weight_hh").rows
    self.init(
      weightIH: p.matrix("weight_ih"), weightHH: p.matrix("weight_hh"),
      weightHZ: p.matrix("weight_hz"), bias: p.vector("bias", n), dt: Scalar(h.dt!),
      gamma: Scalar(h.gamma!), eps: Scalar(h.eps!))
  }

  /// With `dz = dz' + dt dy'` (z' also feeds y' = y + dt z') and `da = dz dt (1 - t^2)`:
  /// `dW += da y^T`, `dWz += da z^T`, `dV += da x^T`, `db += sum da`;
  /// `dy = dy' - dt gamma dz + W^T da`, `d(z) = (1 - dt eps) dz + Wz^T da`, `dx = V^T da`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func backward(
    _ cache: Cache, state: Matrix<Scalar>, input: Matrix<Scalar>,
    outputGradient: Matrix<Scalar>, parameterGradients: inout ParameterGradients<Scalar>,
    inputGradient: Bool
  ) -> (state: Matrix<Scalar>, input: Matrix<Scalar>?) {
    let n = hiddenSize
    let batch = state.columns
    let damping = 1 - dt * eps
    var da = Matrix<Scalar>(rows: n, columns: batch)
    var dy = Matrix<Scalar>(rows: n, columns: batch)
    var dz = Matrix<Scalar>(rows: n, columns: batch)
    for b in 0..<batch {
      for r in 0..<n {
        let t = cache.activation[r, b]
        let gy = outputGradient[r, b]
        let gz = outputGradient[n + r, b] + dt * gy
        da[r, b] = gz * dt * (1 - t * t)
        dy[r, b] = gy - dt * gamma * gz
        dz[r, b] = damping * gz
      }
    }
    let y = state.rows(0..<n)
    let z = state.rows(n..<(2 * n))
    parameterGradients.accumulateProduct("weight_ih", da, input)
    parameterGradients.accumulateProduct("weight_hh", da, y)
    parameterGradients.accumulateProduct("weight_hz", da, z)
    parameterGradients.accumulateRowSums("bias", of: da)
    multiply(weightHH, da, into: &dy, transposeA: true, beta: 1)
    multiply(weightHZ, da, into: &dz, transposeA: true, beta: 1)
    var previous = Matrix<Scalar>(rows: 2 * n, columns: batch)
    for b in 0..<batch {
      for r in 0..<n {
        previous[r, b] = dy[r, b]
        previous[n + r, b] = dz[r, b]
      }
    }
    return (previous, inputGradient ? weightIH.transposedTimes(da) : nil)
  }
}
