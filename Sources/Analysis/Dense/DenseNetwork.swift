import LinearAlgebra
import RecurrentNets
import Training

/// A multi-layer perceptron: dense layers applied in order, samples as columns.
///
/// Parameters are named `layers.{l}.weight` / `layers.{l}.bias` (l from 0), the names the
/// optimizer and safetensors files use. The loss is a mean over all output elements
/// (PyTorch's `reduction="mean"`): ``LossKind/mse`` `mean (y - t)^2` or ``LossKind/mae``
/// (L1) `mean |y - t|`, computed by Training's ``StepLoss/regression(_:targets:kind:)``.
public struct DenseNetwork: Sendable, Equatable {
  public var layers: [DenseLayer]

  public init(layers: [DenseLayer]) {
    precondition(!layers.isEmpty, "a network needs at least one layer")
    for l in 1..<layers.count {
      precondition(layers[l].inputs == layers[l - 1].outputs, "layer \(l) does not fit")
    }
    self.layers = layers
  }

  /// A seeded network with `sizes[0]` inputs, hidden layers of `sizes[1...]` units with
  /// `hidden` activations, and a last layer of `sizes.last` units with `output` activation.
  public init(
    sizes: [Int], hidden: DenseActivation, output: DenseActivation = .identity, seed: UInt64
  ) {
    precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "sizes must be positive")
    var generator = SeededGenerator(seed: seed)
    var layers: [DenseLayer] = []
    for l in 0..<(sizes.count - 1) {
      layers.append(
        DenseLayer(
          inputs: sizes[l], outputs: sizes[l + 1],
          activation: l == sizes.count - 2 ? output : hidden, using: &generator))
    }
    self.init(layers: layers)
  }

  public var inputs: Int { layers[0].inputs }
  public var outputs: Int { layers[layers.count - 1].outputs }

  /// The network's output for `x` (`inputs x B`).
  public func callAsFunction(_ x: Matrix<Double>) -> Matrix<Double> {
    layers.reduce(x) { $1.forward($0).output }
  }

  /// Every parameter by name.
  public var parameters: [String: Matrix<Double>] {
    get {
      var all: [String: Matrix<Double>] = [:]
      for (l, layer) in layers.enumerated() {
        all["layers.\(l).weight"] = layer.weight
        all["layers.\(l).bias"] = layer.bias
      }
      return all
    }
    set {
      for l in layers.indices {
        if let w = newValue["layers.\(l).weight"] { layers[l].weight = w }
        if let b = newValue["layers.\(l).bias"] { layers[l].bias = b }
      }
    }
  }

  /// The mean loss of the network on `x` against `targets` (`outputs x B`) and its
  /// gradient with respect to every parameter.
  /// - Precondition: `kind` is ``LossKind/mse`` or ``LossKind/mae``; shapes agree.
  public func lossAndGradients(
    _ x: Matrix<Double>, targets: Matrix<Double>, kind: LossKind
  ) -> (loss: Double, gradients: [String: Matrix<Double>]) {
    precondition(kind != .crossEntropy, "dense networks train on regression losses")
    precondition(targets.rows == outputs && targets.columns == x.columns, "target shape")
    let caches = forward(x)
    let step = StepLoss<Double>.regression(
      caches[caches.count - 1].output, targets: targets, kind: kind)
    let count = Double(max(1, targets.storage.count))
    var g = step.gradient
    for i in g.storage.indices { g.storage[i] /= count }
    var accumulator = ParameterGradients<Double>()
    _ = backward(g, caches: caches, into: &accumulator, inputGradient: false)
    return (step.sum / count, accumulator.totals())
  }

  /// Every layer's cache for input `x` (`inputs x B`); the last one's output is the
  /// network's output.
  public func forward(_ x: Matrix<Double>) -> [DenseLayer.Cache] {
    var caches: [DenseLayer.Cache] = []
    caches.reserveCapacity(layers.count)
    var a = x
    for layer in layers {
      let cache = layer.forward(a)
      a = cache.output
      caches.append(cache)
    }
    return caches
  }

  /// Back-propagates `dL/d output` through the layers of ``forward(_:)``: adds every
  /// parameter's gradient (named `prefix + "layers.{l}.weight"`, ...) to `gradients` and
  /// returns `dL/dx` (an empty matrix when `inputGradient` is false).
  public func backward(
    _ outputGradient: Matrix<Double>, caches: [DenseLayer.Cache], prefix: String = "",
    into gradients: inout ParameterGradients<Double>, inputGradient: Bool = true
  ) -> Matrix<Double> {
    precondition(caches.count == layers.count, "one cache per layer")
    var g = outputGradient
    for l in layers.indices.reversed() {
      g = layers[l].backward(
        g, cache: caches[l], prefix: prefix + "layers.\(l).", into: &gradients,
        inputGradient: l > 0 || inputGradient)
    }
    return g
  }

  /// The mean loss on `x` against `targets`, without gradients.
  public func loss(_ x: Matrix<Double>, targets: Matrix<Double>, kind: LossKind) -> Double {
    let y = self(x)
    let count = Double(max(1, y.storage.count))
    return StepLoss<Double>.regression(y, targets: targets, kind: kind).sum / count
  }
}
