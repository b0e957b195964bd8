import LinearAlgebra

/// L layers of one architecture; layer l reads the output block (h or y) of layer l-1 at
/// the same step. The stacked state is layer-major `[s^(0), s^(1), ...]`.
public struct RecurrentNetwork<Cell: RecurrentCell>: Sendable {
  public typealias Scalar = Cell.Scalar
  /// The layers, input first.
  public var layers: [Cell]

  public init(layers: [Cell]) {
    precondition(!layers.isEmpty, "a network needs at least one layer")
    self.layers = layers
  }

  /// Units per state block N (every layer has the same).
  public var hiddenSize: Int { layers[0].hiddenSize }
  /// Input features M of the first layer.
  public var inputSize: Int { layers[0].inputSize }
  /// Length of the full stacked state.
  public var stateSize: Int { layers.reduce(0) { $0 + $1.stateBlocks * $1.hiddenSize } }
  /// Tangent dimension of the stack under `convention`.
  public func tangentSize(_ convention: StateConvention) -> Int {
    layers.reduce(0) { $0 + $1.tangentSize(convention) }
  }
}

/// Pointer-level GEMM on blocks of column-major buffers:
/// `C[cRow..., :] = A * B[bRow..., :] + beta * C`, all with their own leading dimensions.
@inline(__always)
func gemmBlock<S: BLASScalar>(
  _ a: Matrix<S>, _ b: UnsafePointer<S>, ldb: Int, columns: Int, into c: UnsafeMutablePointer<S>,
  ldc: Int, beta: S
) {
  a.storage.withUnsafeBufferPointer { pa in
    S.gemm(
      transA: false, transB: false, m: a.rows, n: columns, k: a.columns, alpha: 1,
      a: pa.baseAddress!, lda: a.rows, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
  }
}
