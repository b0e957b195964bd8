import LinearAlgebra
import RecurrentNets
import TensorIO
import Training

/// The AeLLE autoencoder (thesis eq. 3.5-3.6): an encoder from a standardized spectrum to a
/// latent vector, a decoder back, and a linear head from the latent vector to the loss.
///
/// Default sizes `k -> 256 -> 32` (tanh after both encoder layers), decoder `32 -> 256 (tanh)
/// -> k` (linear output), head `32 -> 1` (linear). Samples are columns. The objective on a
/// batch of B spectra `x` with targets `t` is
///
///     L = mean_{i,b} (x^_ib - x_ib)^2 + alpha * mean_b |t_b - t^_b|^l,   l = 1 or 2,
///
/// PyTorch's `MSELoss` plus `alpha` times `L1Loss` (l = 1) or `MSELoss` (l = 2).
/// Parameters are named `encoder.layers.{l}.weight`, `decoder.layers.{l}.bias`,
/// `head.weight`, `head.bias`.
public struct AeLLEModel: Sendable, Equatable {
  public var encoder: DenseNetwork
  public var decoder: DenseNetwork
  public var head: DenseLayer

  /// A seeded model for spectra of `inputs` exponents (PyTorch's `nn.Linear` initialization).
  public init(inputs: Int, hidden: Int = 256, latent: Int = 32, seed: UInt64) {
    encoder = DenseNetwork(
      sizes: [inputs, hidden, latent], hidden: .tanh, output: .tanh, seed: seed)
    decoder = DenseNetwork(sizes: [latent, hidden, inputs], hidden: .tanh, seed: seed &+ 1)
    var generator = SeededGenerator(seed: seed &+ 2)
    head = DenseLayer(inputs: latent, outputs: 1, activation: .identity, using: &generator)
  }

  public var inputs: Int { encoder.inputs }
  public var latentSize: Int { encoder.outputs }

  /// The latent vectors of the columns of `x` (`latent x B`).
  public func encode(_ x: Matrix<Double>) -> Matrix<Double> { encoder(x) }
  /// The reconstructions of latent vectors `z` (`inputs x B`).
  public func decode(_ z: Matrix<Double>) -> Matrix<Double> { decoder(z) }
  /// The head's predictions for latent vectors `z` (B values).
  public func predict(latent z: Matrix<Double>) -> [Double] { head.forward(z).output.storage }

  /// The two parts of the objective.
  public struct Losses: Equatable, Sendable {
    public var reconstruction: Double
    public var prediction: Double
    public func total(alpha: Double) -> Double { reconstruction + alpha * prediction }
  }

  /// The losses on `x` (`inputs x B`) against targets `t` (B values).
  public func losses(_ x: Matrix<Double>, targets t: [Double], norm: LossKind) -> Losses {
    let z = encode(x)
    let count = Double(max(1, x.storage.count))
    let reconstruction = StepLoss<Double>.regression(decode(z), targets: x, kind: .mse).sum / count
    return Losses(
      reconstruction: reconstruction, prediction: Self.predictionLoss(predict(latent: z), t, norm))
  }

  /// `mean |t - t^|` (mae) or `mean (t - t^)^2` (mse).
  static func predictionLoss(_ predicted: [Double], _ t: [Double], _ norm: LossKind) -> Double {
    let p = Matrix(rows: 1, columns: predicted.count, storage: predicted)
    let y = Matrix(rows: 1, columns: t.count, storage: t)
    return StepLoss<Double>.regression(p, targets: y, kind: norm).sum / Double(max(1, t.count))
  }

  /// The objective's parts on `x` against `t` and the gradient of
  /// `reconstruction + alpha * prediction` with respect to every parameter.
  /// - Precondition: `norm` is ``LossKind/mae`` or ``LossKind/mse``; `t.count == x.columns`.
  public func lossesAndGradients(
    _ x: Matrix<Double>, targets t: [Double], alpha: Double, norm: LossKind
  ) -> (losses: Losses, gradients: [String: Matrix<Double>]) {
    precondition(norm != .crossEntropy && t.count == x.columns, "AeLLE targets")
    let encoded = encoder.forward(x)
    let z = encoded[encoded.count - 1].output
    let decoded = decoder.forward(z)
    let reconstruction = StepLoss<Double>.regression(
      decoded[decoded.count - 1].output, targets: x, kind: .mse)
    let headCache = head.forward(z)
    let targets = Matrix(rows: 1, columns: t.count, storage: t)
    let prediction = StepLoss<Double>.regression(headCache.output, targets: targets, kind: norm)
    let count = Double(max(1, x.storage.count))
    let batch = Double(max(1, t.count))

    var accumulator = ParameterGradients<Double>()
    var dReconstruction = reconstruction.gradient
    for i in dReconstruction.storage.indices { dReconstruction.storage[i] /= count }
    var dz = decoder.backward(
      dReconstruction, caches: decoded, prefix: "decoder.", into: &accumulator)
    var dPrediction = prediction.gradient
    for i in dPrediction.storage.indices { dPrediction.storage[i] *= alpha / batch }
    let dzHead = head.backward(dPrediction, cache: headCache, prefix: "head.", into: &accumulator)
    for i in dz.storage.indices { dz.storage[i] += dzHead.storage[i] }
    _ = encoder.backward(
      dz, caches: encoded, prefix: "encoder.", into: &accumulator, inputGradient: false)
    let losses = Losses(
      reconstruction: reconstruction.sum / count, prediction: prediction.sum / batch)
    return (losses, accumulator.totals())
  }

  /// Every parameter by name.
  public var parameters: [String: Matrix<Double>] {
    get {
      var all: [String: Matrix<Double>] = ["head.weight": head.weight, "head.bias": head.bias]
      for (name, value) in encoder.parameters { all["encoder." + name] = value }
      for (name, value) in decoder.parameters { all["decoder." + name] = value }
      return all
    }
    set {
      if let w = newValue["head.weight"] { head.weight = w }
      if let b = newValue["head.bias"] { head.bias = b }
      encoder.parameters = Self.stripping("encoder.", from: newValue)
      decoder.parameters = Self.stripping("decoder.", from: newValue)
    }
  }

  private static func stripping(_ prefix: String, from all: [String: Matrix<Double>])
    -> [String: Matrix<Double>]
  {
    var out: [String: Matrix<Double>] = [:]
    for (name, value) in all where name.hasPrefix(prefix) {
      out[String(name.dropFirst(prefix.count))] = value
    }
    return out
  }

  /// The parameters as safetensors F64 tensors (PyTorch's `[out, in]` weight layout), with
  /// `metadata` added to the file's header.
  public func safeTensors(metadata: [String: String] = [:]) throws -> SafeTensorsFile<Double> {
    var tensors: [String: NDArray<Double>] = [:]
    for (name, m) in parameters {
      let shape = m.columns == 1 && name.hasSuffix("bias") ? [m.rows] : [m.rows, m.columns]
      tensors[name] = try NDArray(shape: shape, data: m.rowMajorStorage)
    }
    return SafeTensorsFile(tensors: tensors, metadata: metadata)
  }
}
