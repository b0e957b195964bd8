import LinearAlgebra
import RealModule

/// Which update rule to use, with PyTorch's defaults for everything but the learning rate.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
  case sgd
  case adam
  case adagrad
  case rmsprop
}

/// A first-order optimizer over named parameters, following `torch.optim`'s update rules
/// exactly (default hyperparameters; L2 weight decay off unless ``weightDecay`` is set). Its state (moments, step count) is
/// part of a checkpoint so that `--resume` continues the same trajectory.
public struct Optimizer<Scalar: BLASScalar>: Sendable {
  public var kind: OptimizerKind
  /// SGD momentum (PyTorch default 0; the CLI uses 0.9 when asked for SGD with momentum).
  public var momentum: Double
  /// Adam betas (0.9, 0.999); RMSProp alpha 0.99.
  public var beta1 = 0.9
  public var beta2 = 0.999
  public var alpha = 0.99
  /// Denominator epsilon: 1e-8 for Adam and RMSProp, 1e-10 for Adagrad (PyTorch's defaults).
  public var epsilon: Double
  /// PyTorch's `weight_decay` (L2 penalty, default 0): every rule sees `g + weightDecay * p`
  /// in place of `g`, the parameter taken before the update.
  public var weightDecay = 0.0
  /// Updates taken so far (Adam's bias correction).
  public var step = 0
  /// First-moment / momentum buffers, by parameter name.
  public var first: [String: Matrix<Scalar>] = [:]
  /// Second-moment / accumulated squares, by parameter name.
  public var second: [String: Matrix<Scalar>] = [:]

  public init(kind: OptimizerKind, momentum: Double = 0) {
    self.kind = kind
    self.momentum = momentum
    epsilon = kind == .adagrad ? 1e-10 : 1e-8
  }

  /// One update of `parameters` with `gradients` and learning rate `lr`.
  ///
  /// With weight decay `wd > 0`, `g` below is `g + wd * p` (as `torch.optim` does before
  /// each rule; this is L2 regularization, not AdamW's decoupled decay).
  /// - SGD: `b = mu b + g` (b = g on the first step), `p -= lr b`.
  /// - Adam: `m = b1 m + (1-b1) g`, `v = b2 v + (1-b2) g^2`,
  ///   `p -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)`.
  /// - Adagrad: `s += g^2`, `p -= lr g / (sqrt(s) + eps)`.
  /// - RMSProp: `v = a v + (1-a) g^2`, `p -= lr g / (sqrt(v) + eps)`.
  public mutating func update(
    _ parameters: inout [String: Matrix<Scalar>], gradients: [String: Matrix<Scalar>],
    lr: Double
  ) {
    step += 1
    let adam = AdamStep(
      step: step, lr: lr, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
    for (name, g) in gradients {
      // Taken out of the dictionaries so that each is uniquely referenced and updated in
      // place rather than copied.
      guard var p = parameters.removeValue(forKey: name) else { continue }
      let isFirst = first[name] == nil
      var m = first.removeValue(forKey: name) ?? Matrix(rows: g.rows, columns: g.columns)
      var v = second.removeValue(forKey: name) ?? Matrix(rows: g.rows, columns: g.columns)
      if kind == .adam {
        Self.adamStep(&p, g, &m, &v, adam)
      } else {
        otherStep(&p, g, &m, &v, isFirst: isFirst, lr: lr)
      }
      parameters[name] = p
      first[name] = m
      second[name] = v
    }
  }

  /// Adam on one parameter by the vectorized kernel (``BLASScalar/adamStep``), which applies
  /// the weight decay itself.
  private static func adamStep(
    _ p: inout Matrix<Scalar>, _ g: Matrix<Scalar>, _ m: inout Matrix<Scalar>,
    _ v: inout Matrix<Scalar>, _ step: AdamStep
  ) {
    let count = p.storage.count
    precondition(g.storage.count == count, "gradient and parameter differ in size")
    p.storage.withUnsafeMutableBufferPointer { ps in
      m.storage.withUnsafeMutableBufferPointer { ms in
        v.storage.withUnsafeMutableBufferPointer { vs in
          g.storage.withUnsafeBufferPointer { gs in
            guard let pb = ps.baseAddress, let gb = gs.baseAddress, let mb = ms.baseAddress,
              let vb = vs.baseAddress
            else { return }
            Scalar.adamStep(
              parameters: pb, gradients: gb, first: mb, second: vb, count: count, step)
          }
        }
      }
    }
  }

  /// SGD, Adagrad or RMSProp on one parameter.
  private func otherStep(
    _ p: inout Matrix<Scalar>, _ g: Matrix<Scalar>, _ m: inout Matrix<Scalar>,
    _ v: inout Matrix<Scalar>, isFirst: Bool, lr: Double
  ) {
    var decayed = g
    if weightDecay != 0 {
      for i in decayed.storage.indices {
        decayed.storage[i] = Scalar(Double(g.storage[i]) + weightDecay * Double(p.storage[i]))
      }
    }
    // Spans: the loops run without per-element copy-on-write checks.
    let gs = decayed.storage.span
    var ps = p.storage.mutableSpan
    var ms = m.storage.mutableSpan
    var vs = v.storage.mutableSpan
    switch kind {
    case .sgd:
      for i in 0..<gs.count {
        let gi = Double(gs[i])
        var step = gi
        if momentum > 0 {
          step = isFirst ? gi : momentum * Double(ms[i]) + gi
          ms[i] = Scalar(step)
        }
        ps[i] = Scalar(Double(ps[i]) - lr * step)
      }
    case .adam:
      preconditionFailure("Adam runs in adamStep")
    case .adagrad, .rmsprop:
      let decay = kind == .adagrad ? 1 : alpha
      let fresh = kind == .adagrad ? 1 : 1 - alpha
      for i in 0..<gs.count {
        let gi = Double(gs[i])
        let si = decay * Double(vs[i]) + fresh * gi * gi
        vs[i] = Scalar(si)
        ps[i] = Scalar(Double(ps[i]) - lr * gi / (si.squareRoot() + epsilon))
      }
    }
  }
}

/// Scales `gradients` so that their global L2 norm is at most `maxNorm` (PyTorch's
/// `clip_grad_norm_`: factor `maxNorm / (norm + 1e-6)` when below 1).
/// - Returns: the norm before clipping.
@discardableResult
public func clipGlobalNorm<S: BLASScalar>(_ gradients: inout [String: Matrix<S>], maxNorm: Double)
  -> Double
{
  var total = 0.0
  for g in gradients.values { for x in g.storage { total += Double(x) * Double(x) } }
  let norm = total.squareRoot()
  let factor = maxNorm / (norm + 1e-6)
  if factor < 1 {
    for name in Array(gradients.keys) {
      for i in gradients[name]!.storage.indices { gradients[name]!.storage[i] *= S(factor) }
    }
  }
  return norm
}

/// Learning-rate schedules.
public enum LearningRateSchedule: String, Codable, Sendable, CaseIterable {
  /// The same rate every epoch.
  case constant
  /// The thesis's decay: constant for the first 10 epochs, then multiplied by 0.95 each epoch.
  case decay

  /// The rate for 1-based `epoch` given the initial rate.
  public func rate(_ initial: Double, epoch: Int) -> Double {
    switch self {
    case .constant: return initial
    case .decay: return initial * Double.pow(0.95, Double(max(0, epoch - 10)))
    }
  }
}
