import LinearAlgebra

/// The linear map `s' = D s` with a constant diagonal D; its exponents are `ln |d_i|`
/// exactly, in the order of the diagonal when it is sorted by decreasing magnitude.
/// Trajectories start at the fixed point 0 (the tangent dynamics do not depend on the state,
/// and any other start would overflow for |d_i| > 1 on long runs).
public struct DiagonalLinearMap<Scalar: BLASScalar>: TangentMap {
  public var diagonal: [Scalar]

  public init(diagonal: [Scalar] = [1.1, 0.8]) {
    self.diagonal = diagonal
  }

  public var dimension: Int { diagonal.count }
  public var timeStep: Double { 1 }

  public func initialState(trajectory: Int) -> [Scalar] {
    Array(repeating: 0, count: diagonal.count)
  }

  public func advance(
    states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step: Int,
    trajectories: Range<Int>
  ) throws {
    let n = diagonal.count
    for c in 0..<states.columns { for i in 0..<n { states[i, c] *= diagonal[i] } }
    for j in 0..<tangents.columns { for i in 0..<n { tangents[i, j] *= diagonal[i] } }
  }
}
