import LinearAlgebra

/// The building block of every analytic Jacobian here: `diag(s) W` accumulated into a block
/// of a target matrix, in O(rows x columns) without forming diagonal matrices.
extension Matrix {
  /// `self[rowOffset + i, columnOffset + j] += scale[i] * source[sourceRow + i, j]` for
  /// `i < scale.count` and every column j of `source`.
  ///
  /// - Parameters:
  ///   - scale: the diagonal, one value per row written.
  ///   - source: the matrix whose rows `sourceRow ..< sourceRow + scale.count` are scaled
  ///     (e.g. one gate's rows of a stacked weight matrix).
  @inlinable
  public mutating func addRowScaled(
    _ scale: [Scalar], _ source: Matrix, sourceRow: Int = 0, rowOffset: Int = 0,
    columnOffset: Int = 0
  ) {
    let ld = rows
    let lds = source.rows
    scale.withUnsafeBufferPointer { sb in
      storage.withUnsafeMutableBufferPointer { target in
        source.storage.withUnsafeBufferPointer { w in
          Scalar.accumulateRowScaled(
            rows: sb.count, columns: source.columns, scale: sb.baseAddress!,
            source: w.baseAddress! + sourceRow, lds: lds,
            target: target.baseAddress! + rowOffset + columnOffset * ld, ldt: ld)
        }
      }
    }
  }

  /// Adds `value[i]` to the diagonal entries `(offset + i, offset + i)`.
  @inlinable
  public mutating func addDiagonal(_ value: [Scalar], offset: Int = 0) {
    for i in 0..<value.count { self[offset + i, offset + i] += value[i] }
  }

  /// Adds `value` to the diagonal entries `(offset + i, offset + i)`, `i < count`.
  @inlinable
  public mutating func addDiagonal(_ value: Scalar, count: Int, offset: Int = 0) {
    for i in 0..<count { self[offset + i, offset + i] += value }
  }

  /// Sets every element to zero without reallocating.
  @inlinable
  public mutating func zero() {
    storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
  }
}
