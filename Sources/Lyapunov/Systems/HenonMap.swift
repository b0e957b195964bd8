import LinearAlgebra

/// The Hénon map `x' = 1 - a x^2 + y`, `y' = b x` (Hénon 1976); for a = 1.4, b = 0.3 the
/// exponents are about 0.419 and -1.623 nats per step and sum to `ln b`.
public struct HenonMap<Scalar: BLASScalar>: TangentMap {
  public var a: Scalar
  public var b: Scalar
  /// Seed for the initial states (each trajectory starts at a point near the origin).
  public var seed: UInt64

  public init(a: Scalar = 1.4, b: Scalar = 0.3, seed: UInt64 = 0) {
    self.a = a
    self.b = b
    self.seed = seed
  }

  public var dimension: Int { 2 }
  public var timeStep: Double { 1 }

  public func initialState(trajectory: Int) -> [Scalar] {
    var g = SeededGenerator(seed: seed, stream: trajectory)
    return [Scalar(0.2 * g.nextUniform() - 0.1), Scalar(0.2 * g.nextUniform() - 0.1)]
  }

  /// `J = [[-2 a x, 1], [b, 0]]`.
  public func jacobian(x: Scalar) -> Matrix<Scalar> {
    Matrix(rowMajor: [[-2 * a * x, 1], [b, 0]])
  }

  public func advance(
    states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step: Int,
    trajectories: Range<Int>
  ) throws {
    let k = tangents.columns / max(1, trajectories.count)
    for c in 0..<trajectories.count {
      let x = states[0, c]
      let y = states[1, c]
      for j in (c * k)..<((c + 1) * k) {
        let u = tangents[0, j]
        let v = tangents[1, j]
        tangents[0, j] = -2 * a * x * u + v
        tangents[1, j] = b * u
      }
      states[0, c] = 1 - a * x * x + y
      states[1, c] = b * x
    }
  }
}
