import LinearAlgebra

extension LEMCell: TrainableCell {
  /// Builds the cell from `weight_ih` (`[V1; V2; Vz; Vy]`), `weight_hh` (`[W1; W2; Wz]`),
  /// `weight_zy` (`Wy`) and `bias` (`[b1; b2; bz; by]`, zeros when absent) with
  /// hyperparameter `dt` (published default where unset).
  public init(
    architecture: Architecture, parameters: [String: Matrix<Scalar>],
    hyperparameters: Hyperparameters
  ) {
    let p = ParameterReader(parameters: parameters)
    let h = hyperparameters.withDefaults(for: architecture)
    let n = p.matrix("weight_zy").rows
    self.init(
      weightIH: p.matrix("weight_ih"), weightHH: p.matrix("weight_hh"),
      weightZY: p.matrix("weight_zy"), bias: p.vector("bias", 4 * n), dt: Scalar(h.dt!))
  }

  /// Pre-activation gradients, y' side first: `d(pre y) = dy' dt2 (1 - ty^2)`,
  /// `d(pre 2) = dy' dt (ty - y) s2(1-s2)`; then with `dz = dz' + Wy^T d(pre y)` (z' feeds
  /// y'): `d(pre z) = dz dt1 (1 - tz^2)`, `d(pre 1) = dz dt (tz - z) s1(1-s1)`.
  /// With `P = [d(pre 1); d(pre 2); d(pre z); d(pre y)]`: `dV += P x^T`, `db += sum P`,
  /// `dW += P[0..<3N] y^T`, `dWy += d(pre y) z'^T`; `d(y) = dy' (1 - dt2) + W^T P[0..<3N]`,
  /// `d(z) = dz (1 - dt1)`, `dx = V^T P`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func backward(
    _ cache: Cache, state: Matrix<Scalar>, input: Matrix<Scalar>,
    outputGradient: Matrix<Scalar>, parameterGradients: inout ParameterGradients<Scalar>,
    inputGradient: Bool
  ) -> (state: Matrix<Scalar>, input: Matrix<Scalar>?) {
    let n = hiddenSize
    let batch = state.columns
    var pre = Matrix<Scalar>(rows: 4 * n, columns: batch)
    var preY = Matrix<Scalar>(rows: n, columns: batch)
    var zNew = Matrix<Scalar>(rows: n, columns: batch)
    var previous = Matrix<Scalar>(rows: 2 * n, columns: batch)
    for b in 0..<batch {
      for r in 0..<n {
        let s1 = cache.gates[r, b]
        let s2 = cache.gates[n + r, b]
        let tz = cache.gates[2 * n + r, b]
        let ty = cache.gates[3 * n + r, b]
        let y = state[r, b]
        let dt1 = dt * s1
        let dt2 = dt * s2
        let gy = outputGradient[r, b]
        zNew[r, b] = (1 - dt1) * state[n + r, b] + dt1 * tz
        let dPreY = gy * dt2 * (1 - ty * ty)
        pre[n + r, b] = gy * dt * (ty - y) * s2 * (1 - s2)
        pre[3 * n + r, b] = dPreY
        preY[r, b] = dPreY
        previous[r, b] = gy * (1 - dt2)
      }
    }
    // dz = dz' + Wy^T d(pre y).
    var dz = outputGradient.rows(n..<(2 * n))
    multiply(weightZY, preY, into: &dz, transposeA: true, beta: 1)
    for b in 0..<batch {
      for r in 0..<n {
        let s1 = cache.gates[r, b]
        let tz = cache.gates[2 * n + r, b]
        let z = state[n + r, b]
        let dt1 = dt * s1
        let g = dz[r, b]
        pre[r, b] = g * dt * (tz - z) * s1 * (1 - s1)
        pre[2 * n + r, b] = g * dt1 * (1 - tz * tz)
        previous[n + r, b] = g * (1 - dt1)
      }
    }
    let hidden = pre.rows(0..<(3 * n))
    parameterGradients.accumulateProduct("weight_ih", pre, input)
    parameterGradients.accumulateProduct("weight_hh", hidden, state.rows(0..<n))
    parameterGradients.accumulateProduct("weight_zy", preY, zNew)
    parameterGradients.accumulateRowSums("bias", of: pre)
    multiply(weightHH, hidden, into: &previous, firstRow: 0, transposeA: true, beta: 1)
    return (previous, inputGradient ? weightIH.transposedTimes(pre) : nil)
  }
}
