import LinearAlgebra

/// The Lorenz system `x' = sigma (y - x)`, `y' = x (rho - z) - y`, `z' = x y - beta z`,
/// integrated by a fixed-step classical Runge-Kutta (RK4) step.
///
/// The tangent vectors go through the same four stages as the state (the variational
/// equations `dQ/dt = Df(s) Q` integrated alongside), so the tangent map is exactly the
/// derivative of the RK4 step. Exponents are per unit time (``timeStep`` = dt). For the
/// classic parameters they are about (0.906, 0, -14.572) and sum to `-(sigma + 1 + beta)`.
public struct LorenzFlow<Scalar: BLASScalar>: TangentMap {
  public var sigma: Scalar
  public var rho: Scalar
  public var beta: Scalar
  public var dt: Scalar
  /// Seed for the initial states, drawn near (1, 1, 1).
  public var seed: UInt64

  public init(
    sigma: Scalar = 10, rho: Scalar = 28, beta: Scalar = 8.0 / 3.0, dt: Scalar = 0.01,
    seed: UInt64 = 0
  ) {
    self.sigma = sigma
    self.rho = rho
    self.beta = beta
    self.dt = dt
    self.seed = seed
  }

  public var dimension: Int { 3 }
  public var timeStep: Double { Double(dt) }

  public func initialState(trajectory: Int) -> [Scalar] {
    var g = SeededGenerator(seed: seed, stream: trajectory)
    return (0..<3).map { _ in Scalar(1 + 0.2 * g.nextUniform() - 0.1) }
  }

  /// The vector field f(s).
  func field(_ s: SIMD3<Scalar>) -> SIMD3<Scalar> {
    let dx: Scalar = sigma * (s.y - s.x)
    let dy: Scalar = s.x * (rho - s.z) - s.y
    let dz: Scalar = s.x * s.y - beta * s.z
    return SIMD3(dx, dy, dz)
  }

  /// `Df(s) v`, the Jacobian of the vector field applied to v.
  func fieldDerivative(_ s: SIMD3<Scalar>, _ v: SIMD3<Scalar>) -> SIMD3<Scalar> {
    let dx: Scalar = sigma * (v.y - v.x)
    let dy: Scalar = (rho - s.z) * v.x - v.y - s.x * v.z
    let dz: Scalar = s.y * v.x + s.x * v.y - beta * v.z
    return SIMD3(dx, dy, dz)
  }

  /// The RK4 combination `x + h/6 (a + 2b + 2c + d)`.
  func rk4Update(
    _ x: SIMD3<Scalar>, _ a: SIMD3<Scalar>, _ b: SIMD3<Scalar>, _ c: SIMD3<Scalar>,
    _ d: SIMD3<Scalar>
  ) -> SIMD3<Scalar> {
    let slope: SIMD3<Scalar> = a + b + b + c + c + d
    return x + (dt / 6) * slope
  }

  public func advance(
    states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step: Int,
    trajectories: Range<Int>
  ) throws {
    let k = tangents.columns / max(1, trajectories.count)
    let h = dt
    let half = dt / 2
    for c in 0..<trajectories.count {
      let s1 = SIMD3(states[0, c], states[1, c], states[2, c])
      let k1 = field(s1)
      let s2 = s1 + half * k1
      let k2 = field(s2)
      let s3 = s1 + half * k2
      let k3 = field(s3)
      let s4 = s1 + h * k3
      let k4 = field(s4)
      for j in (c * k)..<((c + 1) * k) {
        let q = SIMD3(tangents[0, j], tangents[1, j], tangents[2, j])
        let t1 = fieldDerivative(s1, q)
        let t2 = fieldDerivative(s2, q + half * t1)
        let t3 = fieldDerivative(s3, q + half * t2)
        let t4 = fieldDerivative(s4, q + h * t3)
        let next = rk4Update(q, t1, t2, t3, t4)
        tangents[0, j] = next.x
        tangents[1, j] = next.y
        tangents[2, j] = next.z
      }
      let next = rk4Update(s1, k1, k2, k3, k4)
      states[0, c] = next.x
      states[1, c] = next.y
      states[2, c] = next.z
    }
  }
}
