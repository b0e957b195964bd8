import LinearAlgebra

/// A ``RecurrentCell`` that can be trained: built from named parameters and with a backward
/// step (the vector-Jacobian product of ``RecurrentCell/forward(state:input:step:trajectories:)``).
///
/// Parameters are named as in ``ParameterSpec`` without the layer suffix (`weight_hh`), as
/// column-major matrices in PyTorch's `[out, in]` shape; biases are `count x 1` matrices.
public protocol TrainableCell: RecurrentCell {
  /// Builds the cell from its parameters (biases may be absent) and hyperparameters with
  /// defaults filled in (``Hyperparameters/withDefaults(for:)``).
  init(
    architecture: Architecture, parameters: [String: Matrix<Scalar>],
    hyperparameters: Hyperparameters)

  /// Back-propagates through one forward step of the whole batch.
  ///
  /// - Parameters:
  ///   - cache: what `forward(state:input:...)` returned for this step.
  ///   - state: the state that step started from (`stateBlocks N x B`).
  ///   - input: that step's input (`M x B`).
  ///   - outputGradient: `dL / d s_t`, the gradient of the loss with respect to the step's
  ///     result (`stateBlocks N x B`).
  ///   - parameterGradients: gradients by parameter name, accumulated into (`+=`); entries
  ///     are created on first use with the parameter's shape.
  /// - Returns: `dL / d s_{t-1}` (`stateBlocks N x B`) and `dL / d x_t` (`M x B`).
  func backward(
    _ cache: Cache, state: Matrix<Scalar>, input: Matrix<Scalar>,
    outputGradient: Matrix<Scalar>, parameterGradients: inout [String: Matrix<Scalar>]
  ) -> (state: Matrix<Scalar>, input: Matrix<Scalar>)
}

extension Dictionary {
  /// `self[name] += a * b^T` (or `a^T b`) with a zero matrix created on first use: the
  /// accumulation of a weight gradient over time steps. One-hot inputs (b with one-hot
  /// columns) take a scatter-add instead of a GEMM.
  public mutating func accumulateProduct<S: BLASScalar>(
    _ name: String, _ a: Matrix<S>, _ b: Matrix<S>, transposeA: Bool = false,
    transposeB: Bool = true
  ) where Key == String, Value == Matrix<S> {
    let rows = transposeA ? a.columns : a.rows
    let columns = transposeB ? b.rows : b.columns
    var total = self[name] ?? Matrix(rows: rows, columns: columns)
    self[name] = nil  // keep `total` uniquely referenced while it is updated
    if !transposeA && transposeB, let hot = b.oneHotRows() {
      // a b^T with one-hot columns of b adds column j of a to column hot[j].
      total.storage.withUnsafeMutableBufferPointer { t in
        a.storage.withUnsafeBufferPointer { av in
          for (j, k) in hot.enumerated() {
            for i in 0..<rows { t[i + k * rows] += av[i + j * rows] }
          }
        }
      }
    } else {
      multiply(a, b, into: &total, transposeA: transposeA, transposeB: transposeB, beta: 1)
    }
    self[name] = total
  }

  /// `self[name][i] += sum over columns of g[rowOffset + i, :]` for `count` rows: a bias
  /// gradient, created on first use.
  public mutating func accumulateRowSums<S: BLASScalar>(
    _ name: String, _ g: Matrix<S>, rowOffset: Int = 0, count: Int? = nil
  ) where Key == String, Value == Matrix<S> {
    let n = count ?? g.rows
    var sums = self[name] ?? Matrix(rows: n, columns: 1)
    self[name] = nil  // keep `sums` uniquely referenced while it is updated
    sums.storage.withUnsafeMutableBufferPointer { out in
      g.storage.withUnsafeBufferPointer { values in
        for j in 0..<g.columns {
          let column = values.baseAddress! + rowOffset + j * g.rows
          for i in 0..<n { out[i] += column[i] }
        }
      }
    }
    self[name] = sums
  }
}

/// Reads parameters by name for cell initializers.
struct ParameterReader<S: BLASScalar> {
  let parameters: [String: Matrix<S>]

  /// The matrix called `name` (a programming error if absent: NetworkWeights validates).
  func matrix(_ name: String) -> Matrix<S> {
    guard let m = parameters[name] else { preconditionFailure("missing parameter \(name)") }
    return m
  }

  /// The vector called `name`, or zeros of `count` when the bias is absent.
  func vector(_ name: String, _ count: Int) -> [S] {
    parameters[name]?.storage ?? Array(repeating: 0, count: count)
  }
}
