import LinearAlgebra
import Training

/// Full-batch AeLLE epochs over preallocated buffers, in Float or Double.
///
/// The parameters live in one flat buffer in the order encoder layer 0 (weight `h x k`, then
/// bias), encoder layer 1 (`d x h`), decoder layer 0 (`h x d`), decoder layer 1 (`k x h`),
/// head (`1 x d`), each weight column-major as ``DenseLayer`` stores it. The gradient and
/// Adam's moments share that layout, so Adam is one pass over every parameter.
///
/// The training spectra (`k x n`) and the validation spectra (`k x nv`) sit side by side in
/// one input. One encoder-and-head forward over all `n + nv` columns serves both the next
/// training step (the first n columns) and the validation loss of the parameters the last
/// step produced (the last nv), so validation adds columns to GEMMs instead of GEMMs.
/// Bias-add and tanh are one pass over each activation; so are `1 - a^2` and the bias
/// gradient's row sums in the backward pass. Nothing is allocated per epoch.
final class AeLLEWorkspace<S: BLASScalar> {
  /// One layer's place in the flat buffer: `rows x columns` weight at `offset`, bias after it.
  struct Slot {
    let rows: Int
    let columns: Int
    let offset: Int
    var bias: Int { offset + rows * columns }
    var end: Int { bias + rows }
  }

  let k: Int
  let n: Int
  let all: Int
  let encoder0: Slot, encoder1: Slot, decoder0: Slot, decoder1: Slot, head: Slot
  let count: Int
  let theta: UnsafeMutablePointer<S>, gradient: UnsafeMutablePointer<S>
  let first: UnsafeMutablePointer<S>, second: UnsafeMutablePointer<S>
  let input: UnsafeMutablePointer<S>, targets: UnsafeMutablePointer<S>
  let a1: UnsafeMutablePointer<S>, z: UnsafeMutablePointer<S>, p: UnsafeMutablePointer<S>
  let a3: UnsafeMutablePointer<S>, y: UnsafeMutablePointer<S>, dz: UnsafeMutablePointer<S>
  private var buffers: [UnsafeMutablePointer<S>] = []
  private var step = 0

  /// A workspace holding `model`'s parameters, training columns `x` with targets `t` and
  /// validation columns `xv` with targets `tv` (converted to `S`).
  init(
    model: AeLLEModel, x: Matrix<Double>, _ t: [Double], validation xv: Matrix<Double>,
    _ tv: [Double]
  ) {
    let layers = model.encoder.layers + model.decoder.layers + [model.head]
    var slots: [Slot] = []
    var offset = 0
    for layer in layers {
      slots.append(Slot(rows: layer.outputs, columns: layer.inputs, offset: offset))
      offset = slots[slots.count - 1].end
    }
    precondition(slots.count == 5, "AeLLE has two encoder and two decoder layers and a head")
    (encoder0, encoder1, decoder0, decoder1, head) = (
      slots[0], slots[1], slots[2], slots[3], slots[4]
    )
    count = offset
    k = x.rows
    n = x.columns
    all = n + xv.columns
    let h = encoder0.rows
    let d = encoder1.rows
    func buffer(_ size: Int) -> UnsafeMutablePointer<S> {
      let b = UnsafeMutablePointer<S>.allocate(capacity: max(size, 1))
      b.initialize(repeating: 0, count: max(size, 1))
      return b
    }
    (theta, gradient, first, second) = (buffer(count), buffer(count), buffer(count), buffer(count))
    (input, targets) = (buffer(k * all), buffer(all))
    (a1, z, p) = (buffer(h * all), buffer(d * all), buffer(all))
    (a3, y, dz) = (buffer(h * n), buffer(max(k, d) * n), buffer(h * n))
    buffers = [theta, gradient, first, second, input, targets, a1, z, p, a3, y, dz]
    for (slot, layer) in zip(slots, layers) {
      for i in 0..<(slot.rows * slot.columns) {
        theta[slot.offset + i] = S(layer.weight.storage[i])
      }
      for i in 0..<slot.rows { theta[slot.bias + i] = S(layer.bias.storage[i]) }
    }
    for i in 0..<(k * n) { input[i] = S(x.storage[i]) }
    for i in 0..<(k * xv.columns) { input[k * n + i] = S(xv.storage[i]) }
    for i in 0..<n { targets[i] = S(t[i]) }
    for i in 0..<xv.columns { targets[n + i] = S(tv[i]) }
  }

  deinit { for b in buffers { b.deallocate() } }

  /// `model` with the workspace's parameters (converted to Double).
  func write(_ parameters: UnsafePointer<S>, into model: inout AeLLEModel) {
    func layer(_ slot: Slot, _ target: inout DenseLayer) {
      for i in 0..<(slot.rows * slot.columns) {
        target.weight.storage[i] = Double(parameters[slot.offset + i])
      }
      for i in 0..<slot.rows { target.bias.storage[i] = Double(parameters[slot.bias + i]) }
    }
    layer(encoder0, &model.encoder.layers[0])
    layer(encoder1, &model.encoder.layers[1])
    layer(decoder0, &model.decoder.layers[0])
    layer(decoder1, &model.decoder.layers[1])
    layer(head, &model.head)
  }

  /// `out = W in` for `slot`'s weight and `columns` columns of `source` (leading dimension
  /// `slot.columns`), then the bias added and tanh applied column by column when `tanh`.
  private func dense(
    _ slot: Slot, _ source: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>, columns: Int,
    tanh: Bool
  ) {
    S.gemm(
      transA: false, transB: false, m: slot.rows, n: columns, k: slot.columns, alpha: 1,
      a: theta + slot.offset, lda: slot.rows, b: source, ldb: slot.columns, beta: 0, c: out,
      ldc: slot.rows)
    let bias = theta + slot.bias
    for j in 0..<columns {
      let column = out + j * slot.rows
      for i in 0..<slot.rows { column[i] += bias[i] }
      if tanh { S.applyVectorTanh(UnsafeMutableBufferPointer(start: column, count: slot.rows)) }
    }
  }

  /// The encoder and head on all training and validation columns.
  func forwardEncoder() {
    dense(encoder0, input, a1, columns: all, tanh: true)
    dense(encoder1, a1, z, columns: all, tanh: true)
    dense(head, z, p, columns: all, tanh: false)
  }

  /// The mean prediction loss on the validation columns (after ``forwardEncoder()``).
  func validationLoss(norm: LossKind) -> Double {
    guard all > n else { return .nan }
    var sum = 0.0
    for j in n..<all {
      let e = Double(p[j] - targets[j])
      sum += norm == .mae ? abs(e) : e * e
    }
    return sum / Double(all - n)
  }

  /// `A B^T` (`m x columns`, summed over the n training columns) into the gradient at `offset`.
  private func gradientProduct(
    _ a: UnsafePointer<S>, _ m: Int, _ b: UnsafePointer<S>, _ columns: Int, at offset: Int
  ) {
    S.gemm(
      transA: false, transB: true, m: m, n: columns, k: n, alpha: 1, a: a, lda: m, b: b,
      ldb: columns, beta: 0, c: gradient + offset, ldc: m)
  }

  /// `delta = W^T g` for `slot`'s weight, then `delta *= 1 - a^2` with the bias gradient of
  /// the layer below (`below`) set to the row sums of `delta` in the same pass.
  private func backThroughTanh(
    _ slot: Slot, _ g: UnsafePointer<S>, into delta: UnsafeMutablePointer<S>,
    output a: UnsafePointer<S>, below: Slot
  ) {
    S.gemm(
      transA: true, transB: false, m: slot.columns, n: n, k: slot.rows, alpha: 1,
      a: theta + slot.offset, lda: slot.rows, b: g, ldb: slot.rows, beta: 0, c: delta,
      ldc: slot.columns)
    tanhDerivative(delta, output: a, rows: slot.columns, biasGradient: below.bias)
  }

  /// `delta *= 1 - a^2` (`rows x n`, `a` with leading dimension `rows`) and the row sums of
  /// the result into the gradient at `biasGradient`.
  private func tanhDerivative(
    _ delta: UnsafeMutablePointer<S>, output a: UnsafePointer<S>, rows: Int, biasGradient: Int
  ) {
    let sums = gradient + biasGradient
    for i in 0..<rows { sums[i] = 0 }
    for j in 0..<n {
      for i in 0..<rows {
        let ai = a[i + j * rows]
        let di = delta[i + j * rows] * (1 - ai * ai)
        delta[i + j * rows] = di
        sums[i] += di
      }
    }
  }

  /// The losses at the current parameters on the training columns (after
  /// ``forwardEncoder()``) and their gradient (of `reconstruction + alpha * prediction`)
  /// into ``gradient``.
  func lossesAndGradient(alpha: Double, norm: LossKind) -> AeLLEModel.Losses {
    let h = decoder0.rows
    let d = decoder0.columns
    dense(decoder0, z, a3, columns: n, tanh: true)
    dense(decoder1, a3, y, columns: n, tanh: false)
    // Output errors: dy = 2 (y - x) / (k n) overwrites y; dp = alpha sign(p - t) / n, or
    // alpha 2 (p - t) / n, overwrites p's training columns.
    var reconstruction = 0.0
    let scale = S(2) / S(max(1, k * n))
    for i in 0..<(k * n) {
      let e = y[i] - input[i]
      reconstruction += Double(e * e)
      y[i] = scale * e
    }
    var prediction = 0.0
    let predictionScale = S(alpha) / S(max(1, n))
    for j in 0..<n {
      let e = p[j] - targets[j]
      prediction += norm == .mae ? Double(abs(e)) : Double(e * e)
      p[j] = predictionScale * (norm == .mae ? (e > 0 ? 1 : (e < 0 ? -1 : 0)) : 2 * e)
    }
    // Decoder output layer, then back through the decoder's tanh.
    gradientProduct(y, k, a3, h, at: decoder1.offset)
    let gb = gradient + decoder1.bias
    for i in 0..<k { gb[i] = 0 }
    for j in 0..<n { for i in 0..<k { gb[i] += y[i + j * k] } }
    backThroughTanh(decoder1, y, into: dz, output: a3, below: decoder0)
    // dz holds the delta of decoder layer 0 (h x n): its weight gradient, then dL/dz.
    gradientProduct(dz, h, z, d, at: decoder0.offset)
    let dLatent = y  // dy is no longer needed: reuse its storage for dL/dz (d x n).
    S.gemm(
      transA: true, transB: false, m: d, n: n, k: h, alpha: 1, a: theta + decoder0.offset,
      lda: h, b: dz, ldb: h, beta: 0, c: dLatent, ldc: d)
    // The head: its gradients and its share of dL/dz (a rank-one update).
    let headWeight = theta + head.offset
    let gh = gradient + head.offset
    for i in 0..<d { gh[i] = 0 }
    gradient[head.bias] = 0
    for j in 0..<n {
      let dpj = p[j]
      gradient[head.bias] += dpj
      for i in 0..<d {
        gh[i] += dpj * z[i + j * d]
        dLatent[i + j * d] += headWeight[i] * dpj
      }
    }
    // Encoder layer 1 (tanh), then layer 0.
    tanhDerivative(dLatent, output: z, rows: d, biasGradient: encoder1.bias)
    gradientProduct(dLatent, d, a1, h, at: encoder1.offset)
    backThroughTanh(encoder1, dLatent, into: dz, output: a1, below: encoder0)
    gradientProduct(dz, h, input, k, at: encoder0.offset)
    return AeLLEModel.Losses(
      reconstruction: reconstruction / Double(max(1, k * n)),
      prediction: prediction / Double(max(1, n)))
  }

  /// One Adam step over every parameter with PyTorch's L2 `weightDecay`, in Double
  /// arithmetic as ``Optimizer`` does (betas 0.9, 0.999, epsilon 1e-8).
  func adam(lr: Double, weightDecay: Double) {
    step += 1
    let (beta1, beta2, epsilon) = (0.9, 0.999, 1e-8)
    let correction1 = 1 - Double.pow(beta1, Double(step))
    let correction2 = 1 - Double.pow(beta2, Double(step))
    for i in 0..<count {
      let pi = Double(theta[i])
      let gi =
        weightDecay != 0 ? Double(S(Double(gradient[i]) + weightDecay * pi)) : Double(gradient[i])
      let mi = beta1 * Double(first[i]) + (1 - beta1) * gi
      let vi = beta2 * Double(second[i]) + (1 - beta2) * gi * gi
      first[i] = S(mi)
      second[i] = S(vi)
      theta[i] = S(pi - lr * (mi / correction1) / ((vi / correction2).squareRoot() + epsilon))
    }
  }
}
