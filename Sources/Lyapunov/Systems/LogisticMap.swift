import LinearAlgebra

/// The logistic map `x' = r x (1 - x)`; at r = 4 its exponent is exactly `ln 2`.
public struct LogisticMap<Scalar: BLASScalar>: TangentMap {
  public var r: Scalar
  /// Seed for the initial states, drawn uniformly from (0.1, 0.9).
  public var seed: UInt64

  public init(r: Scalar = 4, seed: UInt64 = 0) {
    self.r = r
    self.seed = seed
  }

  public var dimension: Int { 1 }
  public var timeStep: Double { 1 }

  public func initialState(trajectory: Int) -> [Scalar] {
    var g = SeededGenerator(seed: seed, stream: trajectory)
    return [Scalar(0.1 + 0.8 * g.nextUniform())]
  }

  public func advance(
    states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step: Int,
    trajectories: Range<Int>
  ) throws {
    let k = tangents.columns / max(1, trajectories.count)
    for c in 0..<trajectories.count {
      let x = states[0, c]
      for j in (c * k)..<((c + 1) * k) { tangents[0, j] *= r * (1 - 2 * x) }
      states[0, c] = r * x * (1 - x)
    }
  }
}
