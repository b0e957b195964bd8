import LinearAlgebra
import RecurrentNets

/// One fully connected layer `a = f(W x + b)` over a batch held as columns.
///
/// `W` is `outputs x inputs` and `b` has `outputs` entries, as PyTorch's `nn.Linear`
/// (`weight`, `bias`); a batch `x` is `inputs x B`, one sample per column.
///
/// Backward: with `delta = dL/da * f'(z)`, `dL/dW = delta x^T`, `dL/db` = row sums of
/// `delta`, `dL/dx = W^T delta`; the parameter gradients are summed over the batch through
/// ``ParameterGradients`` (the accumulator the recurrent cells use).
public struct DenseLayer: Sendable, Equatable {
  /// `outputs x inputs`.
  public var weight: Matrix<Double>
  /// `outputs x 1`.
  public var bias: Matrix<Double>
  public var activation: DenseActivation

  /// What the backward pass needs from the forward pass.
  public struct Cache: Sendable {
    public var input: Matrix<Double>
    public var preactivation: Matrix<Double>
    public var output: Matrix<Double>
  }

  public init(weight: Matrix<Double>, bias: Matrix<Double>, activation: DenseActivation) {
    precondition(bias.rows == weight.rows && bias.columns == 1, "bias must be outputs x 1")
    self.weight = weight
    self.bias = bias
    self.activation = activation
  }

  /// PyTorch's `nn.Linear` initialization: weight and bias uniform in
  /// `[-1/sqrt(inputs), 1/sqrt(inputs)]`, drawn from `generator` (weight first, column-major).
  public init(
    inputs: Int, outputs: Int, activation: DenseActivation, using generator: inout SeededGenerator
  ) {
    let bound = 1 / Double(max(inputs, 1)).squareRoot()
    var w = Matrix<Double>(rows: outputs, columns: inputs)
    for i in w.storage.indices { w.storage[i] = bound * (2 * generator.nextUniform() - 1) }
    var b = Matrix<Double>(rows: outputs, columns: 1)
    for i in b.storage.indices { b.storage[i] = bound * (2 * generator.nextUniform() - 1) }
    self.init(weight: w, bias: b, activation: activation)
  }

  public var inputs: Int { weight.columns }
  public var outputs: Int { weight.rows }

  /// `f(W x + b)` for `x` (`inputs x B`), with the cache for ``backward(_:cache:)``.
  public func forward(_ x: Matrix<Double>) -> Cache {
    precondition(x.rows == inputs, "input has \(x.rows) rows, the layer takes \(inputs)")
    var z = Matrix<Double>(rows: outputs, columns: x.columns)
    multiply(weight, x, into: &z)
    for j in 0..<z.columns {
      for i in 0..<z.rows { z.storage[i + j * z.rows] += bias.storage[i] }
    }
    return Cache(input: x, preactivation: z, output: activation.apply(z))
  }

  /// The parameter gradients (summed over the batch, named `prefix + "weight"` and
  /// `prefix + "bias"`) and `dL/dx`, from `dL/da` (`outputs x B`); with `inputGradient`
  /// false, `dL/dx` is skipped (an empty matrix is returned).
  public func backward(
    _ outputGradient: Matrix<Double>, cache: Cache, prefix: String = "",
    into gradients: inout ParameterGradients<Double>, inputGradient: Bool = true
  ) -> Matrix<Double> {
    let delta = activation.backward(
      outputGradient, preactivation: cache.preactivation, output: cache.output)
    gradients.accumulateProduct(prefix + "weight", delta, cache.input)
    gradients.accumulateRowSums(prefix + "bias", of: delta)
    guard inputGradient else { return Matrix(rows: 0, columns: 0) }
    var dx = Matrix<Double>(rows: inputs, columns: delta.columns)
    multiply(weight, delta, into: &dx, transposeA: true)
    return dx
  }
}
