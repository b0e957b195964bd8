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
  ///   - parameterGradients: the step's parameter gradients are added to it.
  ///   - inputGradient: whether to form `dL / d x_t` (not needed for the first layer).
  /// - Returns: `dL / d s_{t-1}` (`stateBlocks N x B`) and `dL / d x_t` (`M x B`) when
  ///   asked for.
  func backward(
    _ cache: Cache, state: Matrix<Scalar>, input: Matrix<Scalar>,
    outputGradient: Matrix<Scalar>, parameterGradients: inout ParameterGradients<Scalar>,
    inputGradient: Bool
  ) -> (state: Matrix<Scalar>, input: Matrix<Scalar>?)
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
