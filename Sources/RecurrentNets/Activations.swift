import LinearAlgebra
import RealModule

/// The nonlinearities a cell applies to a block of rows of its gate matrix, in place.
enum Activation {
  case tanh
  case sigmoid
}

extension Matrix {
  /// Applies `activation` to rows `rows` of every column (all of them when nil), through
  /// the vectorized kernels of ``BLASScalar/applyTanh(_:)`` and ``BLASScalar/applySigmoid(_:)``.
  mutating func apply(_ activation: Activation, rows range: Range<Int>? = nil) {
    let height = rows
    let block = range ?? 0..<height
    let apply: (UnsafeMutableBufferPointer<Scalar>) -> Void =
      switch activation {
      case .tanh: Scalar.applyTanh
      case .sigmoid: Scalar.applySigmoid
      }
    storage.withUnsafeMutableBufferPointer { all in
      if block == 0..<height {
        apply(all)
        return
      }
      for j in 0..<columns {
        apply(
          UnsafeMutableBufferPointer(
            rebasing: all[(j * height + block.lowerBound)..<(j * height + block.upperBound)]))
      }
    }
  }
}

/// `W x + U s[rows] + b` for every column: the pre-activation of a gate stack.
///
/// - Parameters:
///   - inputWeights: `G x M`, applied to `input` (`M x B`).
///   - stateWeights: `G x K`, applied to rows `stateRow ..< stateRow + K` of `state`.
///   - bias: G values added to every column (or empty).
func affine<S: BLASScalar>(
  _ inputWeights: Matrix<S>, _ input: Matrix<S>, _ stateWeights: Matrix<S>?,
  _ state: Matrix<S>, stateRow: Int = 0, bias: [S]
) -> Matrix<S> {
  var out = Matrix<S>(rows: inputWeights.rows, columns: input.columns)
  if let hot = input.oneHotRows() {
    // W x for one-hot x is column hot[j] of W.
    let g = inputWeights.rows
    for (j, k) in hot.enumerated() {
      out.storage.replaceSubrange(
        (j * g)..<((j + 1) * g), with: inputWeights.storage[(k * g)..<((k + 1) * g)])
    }
  } else {
    multiply(inputWeights, input, into: &out)
  }
  if let w = stateWeights { multiplyRows(w, state, firstRow: stateRow, into: &out, beta: 1) }
  if !bias.isEmpty {
    let rows = out.rows
    let columns = out.columns
    let b = bias.span
    var o = out.storage.mutableSpan
    for j in 0..<columns {
      for i in 0..<rows { o[i + j * rows] += b[i] }
    }
  }
  return out
}

/// `C = A * B[firstRow ..< firstRow + A.columns, :] + beta * C`: a GEMM on a block of rows
/// of B (a layer's or a cell's part of a stacked state) without copying it.
func multiplyRows<S: BLASScalar>(
  _ a: Matrix<S>, _ b: Matrix<S>, firstRow: Int, into c: inout Matrix<S>, beta: S
) {
  precondition(c.rows == a.rows && c.columns == b.columns && firstRow + a.columns <= b.rows)
  if a.rows == 0 || b.columns == 0 || a.columns == 0 { return }
  a.storage.withUnsafeBufferPointer { pa in
    b.storage.withUnsafeBufferPointer { pb in
      c.storage.withUnsafeMutableBufferPointer { pc in
        S.gemm(
          transA: false, transB: false, m: a.rows, n: b.columns, k: a.columns, alpha: 1,
          a: pa.baseAddress!, lda: a.rows, b: pb.baseAddress! + firstRow, ldb: b.rows,
          beta: beta, c: pc.baseAddress!, ldc: c.rows)
      }
    }
  }
}
