import LinearAlgebra
import RealModule

/// The training losses (PyTorch's mean reductions).
public enum LossKind: String, Codable, Sendable, CaseIterable {
  /// Softmax cross-entropy in nats, averaged over the predicted steps and sequences.
  case crossEntropy = "cross-entropy"
  /// Mean squared error over all output elements.
  case mse
  /// Mean absolute error over all output elements.
  case mae
}

/// Loss value, gradient and accuracy of one output step.
public struct StepLoss<Scalar: BLASScalar> {
  /// Sum of the per-sequence losses of this step (divide by the count for the mean).
  public var sum: Double
  /// Correct top-1 predictions (classification only).
  public var correct: Int
  /// `d(sum)/d(outputs)`, `outputs x B`.
  public var gradient: Matrix<Scalar>

  /// Softmax cross-entropy of `logits` (`C x B`) against class `targets` (B).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func crossEntropy(_ logits: Matrix<Scalar>, targets: [Int]) -> StepLoss {
    var gradient = logits
    var sum = 0.0
    var correct = 0
    let c = logits.rows
    // One exponential per logit, in Double: e_i = exp(l_i - max), softmax = e_i / sum e.
    var exps = [Double](repeating: 0, count: c)
    let l = logits.storage.span
    var e = exps.mutableSpan
    var g = gradient.storage.mutableSpan
    for b in 0..<logits.columns {
      let column = c * b
      var maxValue = l[column]
      var argmax = 0
      for i in 1..<c where l[column + i] > maxValue {
        maxValue = l[column + i]
        argmax = i
      }
      var total = 0.0
      for i in 0..<c {
        e[i] = Double.exp(Double(l[column + i] - maxValue))
        total += e[i]
      }
      let target = targets[b]
      sum += Double(maxValue) + Double.log(total) - Double(l[column + target])
      if argmax == target { correct += 1 }
      for i in 0..<c { g[column + i] = Scalar(e[i] / total) }
      g[column + target] -= 1
    }
    return StepLoss(sum: sum, correct: correct, gradient: gradient)
  }

  /// Squared (`mse`) or absolute (`mae`) error of `outputs` against `targets`, summed over
  /// elements; the gradient of that sum.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func regression(_ outputs: Matrix<Scalar>, targets: Matrix<Scalar>, kind: LossKind)
    -> StepLoss
  {
    var gradient = outputs
    var sum = 0.0
    for i in outputs.storage.indices {
      let d = outputs.storage[i] - targets.storage[i]
      if kind == .mae {
        sum += Double(abs(d))
        gradient.storage[i] = d > 0 ? 1 : (d < 0 ? -1 : 0)
      } else {
        sum += Double(d * d)
        gradient.storage[i] = 2 * d
      }
    }
    return StepLoss(sum: sum, correct: 0, gradient: gradient)
  }
}
