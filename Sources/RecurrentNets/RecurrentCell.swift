import LinearAlgebra

/// One recurrent layer of one architecture: a batched forward step and its Jacobians.
///
/// The cell's state has `stateBlocks` blocks of `hiddenSize` values; the first block is the
/// output fed to the next layer and the readout (h, or y for coRNN and LEM). Matrices are
/// column-major with one column per trajectory.
public protocol RecurrentCell<Scalar>: Sendable {
  associatedtype Scalar: BLASScalar
  /// What the forward step keeps for the Jacobians (activations, gates).
  associatedtype Cache

  /// Input features M.
  var inputSize: Int { get }
  /// Units per state block N.
  var hiddenSize: Int { get }
  /// 1 for cells whose state is h; 2 for `[h, c]` or `[y, z]`.
  var stateBlocks: Int { get }

  /// The next states `(stateBlocks * N) x B` from `state` (same shape) and `input` (`M x B`).
  ///
  /// `step` and `trajectories` name the columns for cells that draw seeded noise.
  func forward(
    state: Matrix<Scalar>, input: Matrix<Scalar>, step: Int, trajectories: Range<Int>
  ) -> (next: Matrix<Scalar>, cache: Cache)

  /// Writes the Jacobians of column `column` of the last `forward`: `state` receives
  /// `d s_t / d s_{t-1}` (`d x d`) and, if `input` is non-nil, `input` receives
  /// `d s_t / d x_t` (`d x M`), where d is N under ``StateConvention/hidden`` and
  /// `stateBlocks * N` under ``StateConvention/full``. Both are fully overwritten.
  func jacobians(
    _ cache: Cache, column: Int, convention: StateConvention, state: inout Matrix<Scalar>,
    input: inout Matrix<Scalar>?)
}

extension RecurrentCell {
  /// The tangent dimension of one layer under `convention`.
  public func tangentSize(_ convention: StateConvention) -> Int {
    convention == .hidden ? hiddenSize : stateBlocks * hiddenSize
  }

  /// The explicit Jacobians at one state and input (tests and analysis).
  public func jacobians(
    state: [Scalar], input: [Scalar], convention: StateConvention
  ) -> (state: Matrix<Scalar>, input: Matrix<Scalar>) {
    let (_, cache) = forward(
      state: Matrix(rows: state.count, columns: 1, storage: state),
      input: Matrix(rows: input.count, columns: 1, storage: input), step: 0,
      trajectories: 0..<1)
    let d = tangentSize(convention)
    var js = Matrix<Scalar>(rows: d, columns: d)
    var ji: Matrix<Scalar>? = Matrix<Scalar>(rows: d, columns: inputSize)
    jacobians(cache, column: 0, convention: convention, state: &js, input: &ji)
    return (js, ji!)
  }
}
