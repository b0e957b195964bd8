import CVectorKernels

/// Adam's per-step settings: the rule's constants and the bias corrections of step `t`.
public struct AdamStep: Sendable {
  public var lr: Double
  public var beta1: Double
  public var beta2: Double
  /// `1 - beta1^t` and `1 - beta2^t`.
  public var correction1: Double
  public var correction2: Double
  public var epsilon: Double
  /// PyTorch's L2 `weight_decay`: the rule sees `g + weightDecay * p` (0 for none).
  public var weightDecay: Double

  /// The settings for step `t` (1-based) of Adam with these constants.
  public init(
    step t: Int, lr: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
    weightDecay: Double = 0
  ) {
    self.lr = lr
    self.beta1 = beta1
    self.beta2 = beta2
    correction1 = 1 - Double.pow(beta1, Double(t))
    correction2 = 1 - Double.pow(beta2, Double(t))
    self.epsilon = epsilon
    self.weightDecay = weightDecay
  }

  @usableFromInline var c: lk_adam_step {
    lk_adam_step(
      lr: lr, beta1: beta1, beta2: beta2, correction1: correction1, correction2: correction2,
      epsilon: epsilon, weight_decay: weightDecay)
  }
}

extension BLASScalar {
  /// One Adam step over `count` parameters in place, PyTorch's rule in Double arithmetic
  /// whatever `Self` is: `g = gradient + wd p` (rounded to `Self`), `m = b1 m + (1-b1) g`,
  /// `v = b2 v + (1-b2) g^2`, `p -= lr (m / c1) / (sqrt(v / c2) + eps)`.
  ///
  /// Vectorized C (`CVectorKernels`), bit-identical on every x86-64 level. The four
  /// buffers must not overlap.
  @inlinable
  public static func adamStep(
    parameters: UnsafeMutablePointer<Self>, gradients: UnsafePointer<Self>,
    first: UnsafeMutablePointer<Self>, second: UnsafeMutablePointer<Self>, count: Int,
    _ step: AdamStep
  ) {
    guard count > 0 else { return }
    var settings = step.c
    if Self.self == Double.self {
      lk_adam_f64(
        rebound(parameters), rebound(gradients), rebound(first), rebound(second), count,
        &settings)
    } else {
      lk_adam_f32(
        rebound(parameters), rebound(gradients), rebound(first), rebound(second), count,
        &settings)
    }
  }
}

/// `pointer` as a pointer to `T` (which is `Self` in the callers, checked by them).
@usableFromInline
func rebound<S, T>(_ pointer: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<T> {
  UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: T.self)
}

@usableFromInline
func rebound<S, T>(_ pointer: UnsafePointer<S>) -> UnsafePointer<T> {
  UnsafeRawPointer(pointer).assumingMemoryBound(to: T.self)
}
