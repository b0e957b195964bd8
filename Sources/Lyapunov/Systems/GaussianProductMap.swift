import LinearAlgebra

/// Products of independent N x N Gaussian matrices with entries N(0, s^2): each step applies
/// a fresh random matrix, drawn from a stream keyed by (seed, trajectory, step) so the
/// result does not depend on threading or call order.
///
/// Newman (1986): `lambda_i = (ln(2 s^2) + digamma((N - i + 1) / 2)) / 2`, i = 1...N.
/// The state is unused (kept at zero); only the tangent product matters.
public struct GaussianProductMap<Scalar: BLASScalar>: TangentMap {
  public var dimension: Int
  public var scale: Scalar
  public var seed: UInt64

  public init(dimension: Int = 8, scale: Scalar = 1, seed: UInt64 = 0) {
    self.dimension = dimension
    self.scale = scale
    self.seed = seed
  }

  public var timeStep: Double { 1 }

  public func initialState(trajectory: Int) -> [Scalar] {
    Array(repeating: 0, count: dimension)
  }

  /// The random matrix of `trajectory` at `step`.
  public func matrix(step: Int, trajectory: Int) -> Matrix<Scalar> {
    var g = SeededGenerator(seed: seed, stream: trajectory, step)
    return Matrix.randomNormal(rows: dimension, columns: dimension, std: scale, using: &g)
  }

  public func advance(
    states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step: Int,
    trajectories: Range<Int>
  ) throws {
    let n = dimension
    let k = tangents.columns / max(1, trajectories.count)
    guard k > 0 else { return }
    var product = Matrix<Scalar>(rows: n, columns: k)
    for (c, trajectory) in trajectories.enumerated() {
      let block = tangents.columns((c * k)..<((c + 1) * k))
      multiply(matrix(step: step, trajectory: trajectory), block, into: &product)
      tangents.storage.replaceSubrange((c * n * k)..<((c + 1) * n * k), with: product.storage)
    }
  }
}
