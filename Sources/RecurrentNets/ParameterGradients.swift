import LinearAlgebra

/// A cell's parameter gradients summed over the steps of a sequence, by parameter name.
///
/// A weight's gradient is a sum over steps of outer products `a_t b_t^T` (`a_t`: gradients of
/// the pre-activations it feeds, `b_t`: the vectors it multiplies, both `rows x B`). One
/// small GEMM per step would run at a fraction of the GEMM rate, so the factors are copied
/// side by side as they come (while they are still in cache) and ``totals()`` forms each
/// sum with one GEMM over all steps (inner dimension steps x B). The factor buffers of one
/// weight hold at most `flushBytes` (32 MiB) together, sized at once for the steps that fit;
/// when they are full, the products so far are folded into the sum by a GEMM of their own.
/// This bounds memory on long sequences and keeps each buffer below glibc's 32 MiB mapping
/// threshold (see `AllocatorTuning`), so the buffers of every batch are reused from the heap
/// instead of being mapped, faulted in and unmapped afresh. One-hot right factors (character
/// inputs) are scatter-added at once instead, as are bias gradients (row sums of `a_t`).
public struct ParameterGradients<Scalar: BLASScalar> {
  /// The factors of one weight's products: `a_t` and `b_t` column blocks, side by side.
  private struct Factors {
    var leftRows: Int
    var rightRows: Int
    var left: [Scalar]
    var right: [Scalar]

    /// `total += left * right^T` by one GEMM.
    func addProduct(into total: inout Matrix<Scalar>) {
      let columns = left.count / leftRows
      multiply(
        Matrix(rows: leftRows, columns: columns, storage: left),
        Matrix(rows: rightRows, columns: columns, storage: right), into: &total,
        transposeB: true, beta: 1)
    }
  }
  private var factors: [String: Factors] = [:]
  /// Gradients summed directly: biases, products with one-hot factors and flushed factors.
  private var sums: [String: Matrix<Scalar>] = [:]
  /// `c` for weights whose gradient is `G + c G^T` (see
  /// ``accumulateProduct(_:_:_:plusTransposed:)``).
  private var transposedScales: [String: Scalar] = [:]

  /// Steps expected in the sequence: the factor buffers are sized for them at once.
  private let expectedSteps: Int
  /// Factor storage per weight (both factors, bytes) that the next step may not exceed.
  private let flushBytes: Int

  public init(expectedSteps: Int = 1, flushBytes: Int = 32 << 20) {
    self.expectedSteps = max(1, expectedSteps)
    self.flushBytes = flushBytes
  }

  /// Adds `a * b^T` to the gradient of `name`.
  public mutating func accumulateProduct(_ name: String, _ a: Matrix<Scalar>, _ b: Matrix<Scalar>) {
    precondition(a.columns == b.columns, "gradient factors of \(name) differ in batch size")
    if let hot = b.oneHotRows() {
      var total = sums.removeValue(forKey: name) ?? Matrix(rows: a.rows, columns: b.rows)
      total.addColumns(of: a, at: hot)
      sums[name] = total
      return
    }
    // Room for the steps whose factors fit in the flush size (at least one).
    let stepBytes = (a.storage.count + b.storage.count) * MemoryLayout<Scalar>.stride
    let steps = max(1, min(expectedSteps, flushBytes / stepBytes))
    var f =
      factors.removeValue(forKey: name)
      ?? Factors(
        leftRows: a.rows, rightRows: b.rows,
        left: Array(capacity: a.storage.count * steps),
        right: Array(capacity: b.storage.count * steps))
    f.left += a.storage
    f.right += b.storage
    // Full when another step would pass the flush size.
    if (f.left.count + f.right.count) * MemoryLayout<Scalar>.stride + stepBytes > flushBytes {
      var total = sums.removeValue(forKey: name) ?? Matrix(rows: a.rows, columns: b.rows)
      f.addProduct(into: &total)
      sums[name] = total
      f.left.removeAll(keepingCapacity: true)
      f.right.removeAll(keepingCapacity: true)
    }
    factors[name] = f
  }

  /// Adds `a * b^T + c * b * a^T` to the gradient of `name`: the gradient of a weight that
  /// enters as `M + c M^T` (a skew-symmetric or symmetric parametrization). The sum `G` of
  /// `a * b^T` is formed as usual and `c G^T` added in ``totals()``; every call for `name`
  /// must pass the same `c`.
  public mutating func accumulateProduct(
    _ name: String, _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, plusTransposed c: Scalar
  ) {
    precondition(transposedScales[name, default: c] == c, "\(name): one transposed scale")
    transposedScales[name] = c
    accumulateProduct(name, a, b)
  }

  /// Adds the row sums of `g` (summed over the batch) to the gradient of each of `names`
  /// (PyTorch's cells have two biases that receive the same gradient).
  public mutating func accumulateRowSums(_ names: String..., of g: Matrix<Scalar>) {
    var rowSums = [Scalar](repeating: 0, count: g.rows)
    let values = g.storage.span
    var out = rowSums.mutableSpan
    for j in 0..<g.columns {
      for i in 0..<g.rows { out[i] += values[i + j * g.rows] }
    }
    for name in names {
      var total = sums.removeValue(forKey: name) ?? Matrix(rows: g.rows, columns: 1)
      for i in 0..<g.rows { total.storage[i] += rowSums[i] }
      sums[name] = total
    }
  }

  /// The gradient of `name` per column (per sequence): `sum_t a_t[:, j] b_t[:, j]^T` for
  /// each column j of the factors, one GEMM per column over the steps; nil unless every
  /// product of `name` is still held as factors (none folded by a flush or taken by the
  /// one-hot path: give the flush size room for every step) and no transposed scale applies.
  public func totalsPerColumn(_ name: String, columns: Int) -> [Matrix<Scalar>]? {
    guard let f = factors[name], sums[name] == nil, transposedScales[name] == nil, columns > 0,
      !f.left.isEmpty, (f.left.count / f.leftRows) % columns == 0
    else { return nil }
    let steps = f.left.count / f.leftRows / columns
    return (0..<columns).map { j in
      var left = [Scalar](capacity: f.leftRows * steps)
      var right = [Scalar](capacity: f.rightRows * steps)
      for t in 0..<steps {
        let column = t * columns + j
        left += f.left[(column * f.leftRows)..<((column + 1) * f.leftRows)]
        right += f.right[(column * f.rightRows)..<((column + 1) * f.rightRows)]
      }
      var total = Matrix<Scalar>(rows: f.leftRows, columns: f.rightRows)
      multiply(
        Matrix(rows: f.leftRows, columns: steps, storage: left),
        Matrix(rows: f.rightRows, columns: steps, storage: right), into: &total,
        transposeB: true)
      return total
    }
  }

  /// Every gradient accumulated so far, by name.
  public func totals() -> [String: Matrix<Scalar>] {
    var result = sums
    for (name, f) in factors where !f.left.isEmpty {
      var total = result[name] ?? Matrix(rows: f.leftRows, columns: f.rightRows)
      f.addProduct(into: &total)
      result[name] = total
    }
    for (name, c) in transposedScales {
      guard let g = result[name] else { continue }
      var total = g
      for j in 0..<g.columns {
        for i in 0..<g.rows { total[i, j] += c * g[j, i] }
      }
      result[name] = total
    }
    return result
  }
}

extension Array {
  /// An empty array with room for `capacity` elements.
  init(capacity: Int) {
    self = []
    reserveCapacity(capacity)
  }
}

extension Matrix {
  /// `self[:, targets[j]] += a[:, j]`: `a * b^T` for a `b` whose column j is one-hot at
  /// `targets[j]`.
  mutating func addColumns(of a: Matrix, at targets: [Int]) {
    let n = rows
    storage.withUnsafeMutableBufferPointer { t in
      a.storage.withUnsafeBufferPointer { av in
        for (j, k) in targets.enumerated() {
          for i in 0..<n { t[i + k * n] += av[i + j * n] }
        }
      }
    }
  }

}
