/// A dense, column-major matrix of Float or Double.
///
/// Element `(i, j)` is stored at `storage[i + j * rows]`, the layout BLAS and LAPACK
/// expect, so a matrix is passed to them without copying. A `Matrix` with `rows x (B*k)`
/// columns holds B contiguous `rows x k` blocks side by side, which is how the Lyapunov
/// estimator stores the tangent frames of a batch.
public struct Matrix<Scalar: BLASScalar>: Equatable, Sendable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let columns: Int
  /// The elements in column-major order.
  public var storage: [Scalar]

  /// A `rows x columns` matrix filled with `value`.
  public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
    precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
    self.rows = rows
    self.columns = columns
    self.storage = Array(repeating: value, count: rows * columns)
  }

  /// A matrix over existing column-major storage; `storage.count` must be `rows * columns`.
  public init(rows: Int, columns: Int, storage: [Scalar]) {
    precondition(storage.count == rows * columns, "storage does not match the dimensions")
    self.rows = rows
    self.columns = columns
    self.storage = storage
  }

  /// A matrix from an array of rows (row-major literal, convenient in tests and examples).
  public init(rowMajor values: [[Scalar]]) {
    let r = values.count
    let c = values.first?.count ?? 0
    self.init(rows: r, columns: c)
    for i in 0..<r {
      precondition(values[i].count == c, "all rows must have the same length")
      for j in 0..<c { self[i, j] = values[i][j] }
    }
  }

  /// A matrix from row-major (C order) values, the layout of NumPy and PyTorch tensors.
  public init(rows: Int, columns: Int, rowMajor values: [Scalar]) {
    precondition(values.count == rows * columns, "values do not match the dimensions")
    self.init(rows: rows, columns: columns)
    values.withUnsafeBufferPointer { v in
      storage.withUnsafeMutableBufferPointer { s in
        for i in 0..<rows {
          for j in 0..<columns { s[i + j * rows] = v[i * columns + j] }
        }
      }
    }
  }

  /// The elements in row-major (C) order, for writing NumPy and PyTorch tensors.
  public var rowMajorStorage: [Scalar] {
    var out = [Scalar](repeating: 0, count: storage.count)
    for i in 0..<rows {
      for j in 0..<columns { out[i * columns + j] = self[i, j] }
    }
    return out
  }

  /// The n x n identity.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m[i, i] = 1 }
    return m
  }

  /// A square matrix with `diagonal` on its diagonal.
  public init(diagonal: [Scalar]) {
    self.init(rows: diagonal.count, columns: diagonal.count)
    for (i, d) in diagonal.enumerated() { self[i, i] = d }
  }

  /// Element `(i, j)`.
  @inlinable
  public subscript(i: Int, j: Int) -> Scalar {
    get { storage[i + j * rows] }
    set { storage[i + j * rows] = newValue }
  }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Scalar] {
    Array(storage[(j * rows)..<((j + 1) * rows)])
  }

  /// Columns `range` as a new matrix (a contiguous copy).
  public func columns(_ range: Range<Int>) -> Matrix {
    Matrix(
      rows: rows, columns: range.count,
      storage: Array(storage[(range.lowerBound * rows)..<(range.upperBound * rows)]))
  }

  /// Rows `range` as a new matrix.
  public func rows(_ range: Range<Int>) -> Matrix {
    var block: [Scalar] = []
    block.reserveCapacity(range.count * columns)
    for j in 0..<columns {
      block.append(
        contentsOf: storage[(j * rows + range.lowerBound)..<(j * rows + range.upperBound)])
    }
    return Matrix(rows: range.count, columns: columns, storage: block)
  }

  /// The diagonal `(0,0), (1,1), ...` up to `min(rows, columns)`.
  public var diagonal: [Scalar] {
    (0..<Swift.min(rows, columns)).map { self[$0, $0] }
  }

  /// The transpose.
  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    for j in 0..<columns { for i in 0..<rows { t[j, i] = self[i, j] } }
    return t
  }

  /// The largest absolute element (0 for an empty matrix).
  public var maxAbs: Scalar {
    storage.reduce(0) { Swift.max($0, abs($1)) }
  }

  /// The first column holding NaN or infinity, or nil when every element is finite.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func firstNonFiniteColumn() -> Int? {
    storage.withUnsafeBufferPointer { buffer in
      for j in 0..<columns {
        for i in 0..<rows where !buffer[i + j * rows].isFinite { return j }
      }
      return nil
    }
  }

  /// For a matrix whose every column is a one-hot vector (a single 1, zeros elsewhere), the
  /// row of each column's 1; nil otherwise. Lets products with one-hot inputs (characters)
  /// become column gathers and scatters instead of GEMMs, with identical results.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func oneHotRows() -> [Int]? {
    guard rows > 0 else { return nil }
    return storage.withUnsafeBufferPointer { buffer -> [Int]? in
      var hot = [Int](repeating: 0, count: columns)
      for j in 0..<columns {
        var found = -1
        for i in 0..<rows {
          let x = buffer[i + j * rows]
          if x == 0 { continue }
          guard x == 1, found < 0 else { return nil }
          found = i
        }
        guard found >= 0 else { return nil }
        hot[j] = found
      }
      return hot
    }
  }

  /// Element-wise difference.
  public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
    precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "shape mismatch")
    return Matrix(
      rows: lhs.rows, columns: lhs.columns,
      storage: zip(lhs.storage, rhs.storage).map { $0 - $1 })
  }

  /// The matrix product, through GEMM.
  public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
    var out = Matrix(rows: lhs.rows, columns: rhs.columns)
    multiply(lhs, rhs, into: &out)
    return out
  }
}

extension Matrix {
  /// `self^T * b`, a new matrix (back-propagation through `self * x`).
  public func transposedTimes(_ b: Matrix) -> Matrix {
    var c = Matrix(rows: columns, columns: b.columns)
    multiply(self, b, into: &c, transposeA: true)
    return c
  }
}

/// `C = alpha * op(A) * op(B) + beta * C` into a preallocated `C`, or into its rows
/// `firstRow ..< firstRow + rows(op(A))` (a block of a stacked state) without a copy.
///
/// - Parameters:
///   - firstRow: the first row of `C` written, the other rows left alone; nil when `C` has
///     exactly the product's shape.
///   - transposeA, transposeB: use `A^T` / `B^T` in place of `A` / `B`.
///   - alpha, beta: the GEMM scalars; `beta = 0` overwrites the block of `C`.
/// - Precondition: the shapes agree; this is a programming error, not a user-data error.
public func multiply<S: BLASScalar>(
  _ a: Matrix<S>, _ b: Matrix<S>, into c: inout Matrix<S>, firstRow: Int? = nil,
  transposeA: Bool = false, transposeB: Bool = false, alpha: S = 1, beta: S = 0
) {
  let m = transposeA ? a.columns : a.rows
  let k = transposeA ? a.rows : a.columns
  let kb = transposeB ? b.columns : b.rows
  let n = transposeB ? b.rows : b.columns
  let top = firstRow ?? 0
  precondition(
    k == kb && c.columns == n
      && (firstRow == nil ? c.rows == m : top >= 0 && top + m <= c.rows),
    "GEMM shape mismatch")
  if m == 0 || n == 0 { return }
  let height = c.rows
  if k == 0 {
    for j in 0..<n { for i in top..<(top + m) { c.storage[i + j * height] *= beta } }
    return
  }
  a.storage.withUnsafeBufferPointer { pa in
    b.storage.withUnsafeBufferPointer { pb in
      c.storage.withUnsafeMutableBufferPointer { pc in
        S.gemm(
          transA: transposeA, transB: transposeB, m: m, n: n, k: k, alpha: alpha,
          a: pa.baseAddress!, lda: Swift.max(1, a.rows), b: pb.baseAddress!,
          ldb: Swift.max(1, b.rows), beta: beta, c: pc.baseAddress! + top,
          ldc: Swift.max(1, height))
      }
    }
  }
}
