import LinearAlgebra
import RecurrentNets
import Testing

/// ASRNN, coRNN, Lipschitz / Noisy RNN and LEM Jacobians against finite differences (1-3
/// layers, sensitive and published hyperparameters) and against closed forms.
@Suite struct ExtendedCellTests {
  static func asrnn(_ m: Int, _ n: Int, eps: Double, gamma: Double, seed: UInt64)
    -> ASRNNCell<Double>
  {
    var g = SeededGenerator(seed: seed)
    return ASRNNCell(
      weightIH: CellCheck.random(n, m, std: 0.5, &g),
      weightHH: CellCheck.random(n, n, std: 1 / Double(n).squareRoot(), &g),
      bias: CellCheck.vector(n, std: 0.3, &g), eps: eps, gamma: gamma)
  }

  static func cornn(
    _ m: Int, _ n: Int, dt: Double, gamma: Double = 2.7, eps: Double = 4.7, seed: UInt64
  ) -> CoRNNCell<Double> {
    var g = SeededGenerator(seed: seed)
    return CoRNNCell(
      weightIH: CellCheck.random(n, m, std: 0.5, &g),
      weightHH: CellCheck.random(n, n, std: 0.5, &g),
      weightHZ: CellCheck.random(n, n, std: 0.5, &g),
      bias: CellCheck.vector(n, std: 0.3, &g), dt: dt, gamma: gamma, eps: eps)
  }

  static func lipschitz(
    _ m: Int, _ n: Int, dt: Double, noise: LipschitzCell<Double>.NoiseOptions? = nil,
    seed: UInt64
  ) -> LipschitzCell<Double> {
    var g = SeededGenerator(seed: seed)
    return LipschitzCell(
      weightIH: CellCheck.random(n, m, std: 0.5, &g),
      weightA: CellCheck.random(n, n, std: 0.5, &g),
      weightW: CellCheck.random(n, n, std: 0.5, &g),
      bias: CellCheck.vector(n, std: 0.3, &g), dt: dt, noise: noise)
  }

  static func lem(_ m: Int, _ n: Int, dt: Double, seed: UInt64) -> LEMCell<Double> {
    var g = SeededGenerator(seed: seed)
    return LEMCell(
      weightIH: CellCheck.random(4 * n, m, std: 0.5, &g),
      weightHH: CellCheck.random(3 * n, n, std: 0.5, &g),
      weightZY: CellCheck.random(n, n, std: 0.5, &g),
      bias: CellCheck.vector(4 * n, std: 0.3, &g), dt: dt)
  }

  static let noise = LipschitzCell<Double>.NoiseOptions(
    additive: 0.3, multiplicative: 0.5, seed: 99)

  // MARK: Finite differences

  @Test func asrnnCells() throws {
    CellCheck.checkCell(Self.asrnn(3, 7, eps: 0.5, gamma: 0.2, seed: 1), seed: 2)
    CellCheck.checkCell(Self.asrnn(3, 7, eps: 0.01, gamma: 0.01, seed: 3), seed: 4)
    for layers in 1...3 {
      try CellCheck.checkNetwork(
        (0..<layers).map {
          Self.asrnn($0 == 0 ? 3 : 6, 6, eps: 0.5, gamma: 0.2, seed: UInt64(10 + $0))
        },
        seed: 5)
    }
  }

  @Test func cornnCells() throws {
    CellCheck.checkCell(Self.cornn(3, 5, dt: 0.3, seed: 1), seed: 2)
    CellCheck.checkCell(Self.cornn(3, 5, dt: 0.042, seed: 3), seed: 4)
    for layers in 1...3 {
      try CellCheck.checkNetwork(
        (0..<layers).map { Self.cornn($0 == 0 ? 3 : 5, 5, dt: 0.3, seed: UInt64(20 + $0)) },
        seed: 6)
    }
  }

  @Test func lipschitzCells() throws {
    CellCheck.checkCell(Self.lipschitz(3, 6, dt: 0.3, seed: 1), seed: 2)
    CellCheck.checkCell(Self.lipschitz(3, 6, dt: 0.03, seed: 3), seed: 4)
    for layers in 1...3 {
      try CellCheck.checkNetwork(
        (0..<layers).map { Self.lipschitz($0 == 0 ? 3 : 6, 6, dt: 0.3, seed: UInt64(30 + $0)) },
        seed: 7)
    }
  }

  @Test func noisyCells() throws {
    let cell = Self.lipschitz(3, 6, dt: 0.3, noise: Self.noise, seed: 1)
    #expect(cell.isNoisy)
    CellCheck.checkCell(cell, seed: 2)
    for layers in 1...3 {
      try CellCheck.checkNetwork(
        (0..<layers).map {
          Self.lipschitz($0 == 0 ? 3 : 6, 6, dt: 0.3, noise: Self.noise, seed: UInt64(40 + $0))
        }, seed: 8)
    }
  }

  @Test func lemCells() throws {
    CellCheck.checkCell(Self.lem(3, 5, dt: 0.7, seed: 1), seed: 2)
    CellCheck.checkCell(Self.lem(3, 5, dt: 1, seed: 3), seed: 4)
    for layers in 1...3 {
      try CellCheck.checkNetwork(
        (0..<layers).map { Self.lem($0 == 0 ? 3 : 5, 5, dt: 0.7, seed: UInt64(50 + $0)) },
        seed: 9)
    }
  }

  // MARK: Closed forms

  /// At `h = 0, x = 0, b = 0` the pre-activation vanishes: `J = I + eps A`, `J_x = eps V`,
  /// with `A = W - W^T - gamma I` and `A + A^T = -2 gamma I`.
  @Test func asrnnAtOrigin() {
    let (n, m, eps, gamma) = (6, 3, 0.5, 0.2)
    var g = SeededGenerator(seed: 61)
    let w = CellCheck.random(n, n, std: 1, &g)
    let v = CellCheck.random(n, m, std: 1, &g)
    let cell = ASRNNCell(
      weightIH: v, weightHH: w, bias: [Double](repeating: 0, count: n), eps: eps, gamma: gamma)
    let a = sum(w - w.transposed, scaled(.identity(n), -gamma))
    #expect(agrees(cell.effectiveHH, a))
    #expect(
      agrees(sum(cell.effectiveHH, cell.effectiveHH.transposed), scaled(.identity(n), -2 * gamma)))
    let (js, ji) = cell.jacobians(
      state: [Double](repeating: 0, count: n), input: [Double](repeating: 0, count: m),
      convention: .hidden)
    #expect(agrees(js, sum(.identity(n), scaled(a, eps))))
    #expect(agrees(ji, scaled(v, eps)))
  }

  /// With `W = Wz = 0`, `b = 0`, `x = 0` the coRNN is linear in `[y, z]`:
  /// `J = [[(1 - dt^2 gamma) I, dt (1 - dt eps) I], [-dt gamma I, (1 - dt eps) I]]` at any
  /// state, and `J_x = [dt^2 V; dt V]`.
  @Test func cornnLinear() {
    let (n, m, dt, gamma, eps) = (4, 3, 0.3, 2.7, 1.5)
    var g = SeededGenerator(seed: 62)
    let v = CellCheck.random(n, m, std: 1, &g)
    let zero = Matrix<Double>(rows: n, columns: n)
    let cell = CoRNNCell(
      weightIH: v, weightHH: zero, weightHZ: zero, bias: [Double](repeating: 0, count: n),
      dt: dt, gamma: gamma, eps: eps)
    let state = CellCheck.vector(2 * n, std: 1, &g)
    let x = [Double](repeating: 0, count: m)
    let id = Matrix<Double>.identity(n)
    let full = blocks(
      scaled(id, 1 - dt * dt * gamma), scaled(id, dt * (1 - dt * eps)), scaled(id, -dt * gamma),
      scaled(id, 1 - dt * eps))
    let (js, ji) = cell.jacobians(state: state, input: x, convention: .full)
    #expect(agrees(js, full))
    #expect(agrees(ji, stacked(scaled(v, dt * dt), scaled(v, dt))))
    let (hs, hi) = cell.jacobians(state: state, input: x, convention: .hidden)
    #expect(agrees(hs, scaled(id, 1 - dt * dt * gamma)))
    #expect(agrees(hi, scaled(v, dt * dt)))
  }

  /// `y' = y + dt z'` is volume preserving given z', so `det J = det(dz'/dz)`; with `Wz = 0`
  /// that is `(1 - dt eps)^N` at every state, input and W.
  @Test func cornnDeterminant() throws {
    let (n, m, dt, gamma, eps) = (5, 3, 0.3, 2.7, 1.5)
    var g = SeededGenerator(seed: 63)
    let cell = CoRNNCell(
      weightIH: CellCheck.random(n, m, std: 1, &g), weightHH: CellCheck.random(n, n, std: 1, &g),
      weightHZ: Matrix(rows: n, columns: n), bias: CellCheck.vector(n, std: 0.3, &g), dt: dt,
      gamma: gamma, eps: eps)
    let (js, _) = cell.jacobians(
      state: CellCheck.vector(2 * n, std: 1, &g), input: CellCheck.vector(m, std: 1, &g),
      convention: .full)
    let (logAbs, sign) = try logAbsDeterminant(js)
    #expect(sign == 1)
    #expect(abs(logAbs - Double(n) * Double.log(1 - dt * eps)) < 1e-12)
  }

  /// With `beta = 1/2`, `A = MA - gammaA I` and `W = MW - gammaW I`; at `h = 0, x = 0, b = 0`,
  /// `J = I + dt alpha A + dt W` and `J_x = dt U`.
  @Test func lipschitzAtOrigin() {
    let (n, m, dt, alpha, gA, gW) = (5, 3, 0.3, 0.7, 0.1, 0.2)
    var g = SeededGenerator(seed: 64)
    let u = CellCheck.random(n, m, std: 1, &g)
    let ma = CellCheck.random(n, n, std: 1, &g)
    let mw = CellCheck.random(n, n, std: 1, &g)
    let cell = LipschitzCell(
      weightIH: u, weightA: ma, weightW: mw, bias: [Double](repeating: 0, count: n), beta: 0.5,
      gammaA: gA, gammaW: gW, dt: dt, alpha: alpha)
    #expect(!cell.isNoisy)
    let a = sum(ma, scaled(.identity(n), -gA))
    let w = sum(mw, scaled(.identity(n), -gW))
    #expect(agrees(cell.effectiveA, a))
    #expect(agrees(cell.effectiveW, w))
    let (js, ji) = cell.jacobians(
      state: [Double](repeating: 0, count: n), input: [Double](repeating: 0, count: m),
      convention: .hidden)
    #expect(agrees(js, sum(sum(.identity(n), scaled(a, dt * alpha)), scaled(w, dt))))
    #expect(agrees(ji, scaled(u, dt)))
    // beta = 1: the skew-symmetric limit, A + A^T = -2 gammaA I.
    let skew = LipschitzCell(
      weightIH: u, weightA: ma, weightW: mw, bias: [Double](repeating: 0, count: n), beta: 1,
      gammaA: gA, gammaW: gW)
    #expect(agrees(sum(skew.effectiveA, skew.effectiveA.transposed), scaled(.identity(n), -2 * gA)))
  }

  /// The Noisy RNN step and Jacobian minus the deterministic ones are exactly the noise terms,
  /// drawn from the (seed, trajectory, step) stream, whatever batch the trajectory runs in.
  @Test func noisyIncrements() {
    let (n, m, dt, step) = (5, 3, 0.3, 7)
    let noisy = Self.lipschitz(m, n, dt: dt, noise: Self.noise, seed: 65)
    var quiet = noisy
    quiet.noise = nil
    var g = SeededGenerator(seed: 66)
    let states = CellCheck.random(n, 3, std: 1, &g)
    let inputs = CellCheck.random(m, 3, std: 1, &g)
    let (next, cache) = noisy.forward(state: states, input: inputs, step: step, trajectories: 2..<5)
    let (base, baseCache) = quiet.forward(
      state: states, input: inputs, step: step, trajectories: 2..<5)
    for c in 0..<3 {
      var stream = SeededGenerator(seed: Self.noise.seed, stream: 2 + c, step)
      let xi = (0..<n).map { _ in stream.nextNormal() }
      let xiM = (0..<n).map { _ in stream.nextNormal() }
      let root = dt.squareRoot()
      for r in 0..<n {
        let increment = root * (0.3 * xi[r] + 0.5 * states[r, c] * xiM[r])
        #expect(abs(next[r, c] - base[r, c] - increment) < 1e-14)
      }
      var js = Matrix<Double>(rows: n, columns: n)
      var ji: Matrix<Double>? = Matrix(rows: n, columns: m)
      var bs = js
      var bi = ji
      noisy.jacobians(cache, column: c, convention: .hidden, state: &js, input: &ji)
      quiet.jacobians(baseCache, column: c, convention: .hidden, state: &bs, input: &bi)
      #expect(agrees(js - bs, Matrix(diagonal: xiM.map { root * 0.5 * $0 })))
      #expect(ji! == bi!)
      // The same trajectory alone gives the same step.
      let alone = noisy.forward(
        state: states.columns(c..<(c + 1)), input: inputs.columns(c..<(c + 1)), step: step,
        trajectories: (2 + c)..<(3 + c)
      ).next
      // (To rounding: a one-column product may take another BLAS path than three columns.)
      #expect(
        zip(alone.storage, next.column(c)).allSatisfy { abs($0 - $1) <= 1e-14 * max(1, abs($1)) })
    }
  }

  /// At `y = z = 0, x = 0, b = 0` the gates are 1/2 and both tanh's vanish, so with
  /// `h = dt/2`: `dy'/dy = (1 - h) I + h^2 Wy Wz`, `dy'/dz = h (1 - h) Wy`, `dz'/dy = h Wz`,
  /// `dz'/dz = (1 - h) I`, `dz'/dx = h Vz`, `dy'/dx = h (Vy + h Wy Vz)`, for any W1, W2, V1,
  /// V2.
  @Test func lemAtOrigin() {
    let (n, m, dt) = (5, 3, 0.7)
    var g = SeededGenerator(seed: 67)
    let weightIH = CellCheck.random(4 * n, m, std: 1, &g)
    let weightHH = CellCheck.random(3 * n, n, std: 1, &g)
    let wy = CellCheck.random(n, n, std: 1, &g)
    let cell = LEMCell(
      weightIH: weightIH, weightHH: weightHH, weightZY: wy,
      bias: [Double](repeating: 0, count: 4 * n), dt: dt)
    let h = dt / 2
    let id = Matrix<Double>.identity(n)
    let wz = rowBlock(weightHH, (2 * n)..<(3 * n))
    let vz = rowBlock(weightIH, (2 * n)..<(3 * n))
    let vy = rowBlock(weightIH, (3 * n)..<(4 * n))
    let yy = sum(scaled(id, 1 - h), scaled(wy * wz, h * h))
    let yx = scaled(sum(vy, scaled(wy * vz, h)), h)
    let full = blocks(yy, scaled(wy, h * (1 - h)), scaled(wz, h), scaled(id, 1 - h))
    let state = [Double](repeating: 0, count: 2 * n)
    let x = [Double](repeating: 0, count: m)
    let (js, ji) = cell.jacobians(state: state, input: x, convention: .full)
    #expect(agrees(js, full))
    #expect(agrees(ji, stacked(yx, scaled(vz, h))))
    let (hs, hi) = cell.jacobians(state: state, input: x, convention: .hidden)
    #expect(agrees(hs, yy))
    #expect(agrees(hi, yx))
  }
}

// MARK: Matrix helpers for the closed forms

/// `max|a - b| <= tolerance * max(1, max|b|)`.
private func agrees(_ a: Matrix<Double>, _ b: Matrix<Double>, _ tolerance: Double = 1e-14)
  -> Bool
{
  a.rows == b.rows && a.columns == b.columns
    && (a - b).maxAbs <= tolerance * max(1, b.maxAbs)
}

/// `scale * m`.
private func scaled(_ m: Matrix<Double>, _ scale: Double) -> Matrix<Double> {
  Matrix(rows: m.rows, columns: m.columns, storage: m.storage.map { $0 * scale })
}

/// `a + b`.
private func sum(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
  a - scaled(b, -1)
}

/// Rows `rows` of `m` as a new matrix.
private func rowBlock(_ m: Matrix<Double>, _ rows: Range<Int>) -> Matrix<Double> {
  var out = Matrix<Double>(rows: rows.count, columns: m.columns)
  for j in 0..<m.columns { for (i, r) in rows.enumerated() { out[i, j] = m[r, j] } }
  return out
}

/// The 2x2 block matrix `[[a, b], [c, d]]`.
private func blocks(
  _ a: Matrix<Double>, _ b: Matrix<Double>, _ c: Matrix<Double>, _ d: Matrix<Double>
)
  -> Matrix<Double>
{
  let n = a.rows
  var out = Matrix<Double>(rows: 2 * n, columns: 2 * n)
  for j in 0..<n {
    for i in 0..<n {
      out[i, j] = a[i, j]
      out[i, n + j] = b[i, j]
      out[n + i, j] = c[i, j]
      out[n + i, n + j] = d[i, j]
    }
  }
  return out
}

/// The rows `[a; b]`.
private func stacked(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
  var out = Matrix<Double>(rows: a.rows + b.rows, columns: a.columns)
  for j in 0..<a.columns {
    for i in 0..<a.rows { out[i, j] = a[i, j] }
    for i in 0..<b.rows { out[a.rows + i, j] = b[i, j] }
  }
  return out
}
