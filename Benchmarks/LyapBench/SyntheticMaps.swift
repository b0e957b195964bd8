import LinearAlgebra
import Lyapunov

/// A linear map with a fixed dense random Jacobian per trajectory: each step is one
/// `n x n x k` GEMM per trajectory (B separate products).
struct DenseRandomMap<Scalar: BLASScalar>: TangentMap {
  let dimension: Int
  let matrices: [Matrix<Scalar>]
  var timeStep: Double { 1 }

  init(dimension n: Int, batch: Int, seed: UInt64) {
    dimension = n
    matrices = (0..<batch).map { b in
      var g = SeededGenerator(seed: seed, stream: b)
      return Matrix.randomNormal(
        rows: n, columns: n, std: Scalar(1 / Double(n).squareRoot()), using: &g)
    }
  }

  func initialState(trajectory: Int) -> [Scalar] { Array(repeating: 0, count: dimension) }

  func advance(
    states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step: Int,
    trajectories: Range<Int>
  ) throws {
    let n = dimension
    let k = tangents.columns / trajectories.count
    var product = Matrix<Scalar>(rows: n, columns: k)
    for (c, b) in trajectories.enumerated() {
      let block = tangents.columns((c * k)..<((c + 1) * k))
      multiply(matrices[b], block, into: &product)
      tangents.storage.replaceSubrange((c * n * k)..<((c + 1) * n * k), with: product.storage)
    }
  }
}

/// A map whose Jacobians share one dense matrix and differ by a per-trajectory row scaling,
/// `J_b = D_b W` — the structure of RNN Jacobians. One GEMM `W [Q_1 | ... | Q_B]` serves the
/// whole chunk, followed by the row scalings.
struct SharedWeightMap<Scalar: BLASScalar>: TangentMap {
  let dimension: Int
  let weights: Matrix<Scalar>
  let scalings: [[Scalar]]
  var timeStep: Double { 1 }

  init(dimension n: Int, batch: Int, seed: UInt64) {
    dimension = n
    var g = SeededGenerator(seed: seed)
    weights = Matrix.randomNormal(
      rows: n, columns: n, std: Scalar(1 / Double(n).squareRoot()), using: &g)
    scalings = (0..<batch).map { _ in (0..<n).map { _ in Scalar(0.5 + g.nextUniform()) } }
  }

  func initialState(trajectory: Int) -> [Scalar] { Array(repeating: 0, count: dimension) }

  func advance(
    states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step: Int,
    trajectories: Range<Int>
  ) throws {
    let n = dimension
    let k = tangents.columns / trajectories.count
    let input = tangents
    multiply(weights, input, into: &tangents)
    tangents.storage.withUnsafeMutableBufferPointer { q in
      for (c, b) in trajectories.enumerated() {
        scalings[b].withUnsafeBufferPointer { d in
          for j in (c * k)..<((c + 1) * k) {
            let column = q.baseAddress! + j * n
            for i in 0..<n { column[i] *= d[i] }
          }
        }
      }
    }
  }
}
