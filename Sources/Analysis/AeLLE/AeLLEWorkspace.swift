import Dispatch
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
/// gradient's row sums in the backward pass. Nothing is allocated per epoch. Work is split
/// into fixed halves on two threads (columns, or parameters); call with one
/// BLAS thread. `@unchecked Sendable`: the two halves write disjoint parts of the buffers.
final class AeLLEWorkspace<S: BLASScalar>: @unchecked Sendable {
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
  let a3: UnsafeMutablePointer<S>, y: UnsafeMutablePointer<S>
  let a3Delta: UnsafeMutablePointer<S>, zDelta: UnsafeMutablePointer<S>
  let a1Delta: UnsafeMutablePointer<S>, partials: UnsafeMutablePointer<S>
  let lossSums = UnsafeMutablePointer<Double>.allocate(capacity: 4)
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
    (a3, y, a3Delta) = (buffer(h * n), buffer(k * n), buffer(h * n))
    (zDelta, a1Delta, partials) = (buffer(d * n), buffer(h * n), buffer(2 * count))
    buffers = [theta, gradient, first, second, input, targets, a1, z, p, a3, y]
    buffers += [a3Delta, zDelta, a1Delta, partials]
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

  deinit {
    for b in buffers { b.deallocate() }
    lossSums.deallocate()
  }

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

  /// The fixed halves that the two workers take of `0..<total` (the second may be empty).
  static func half(_ part: Int, of total: Int) -> Range<Int> {
    part == 0 ? 0..<((total + 1) / 2) : ((total + 1) / 2)..<total
  }

  /// `body(0)` and `body(1)` on two threads. The work is split the same way whatever the
  /// number of cores, so results do not depend on it.
  func inHalves(_ body: @Sendable (Int) -> Void) {
    DispatchQueue.concurrentPerform(iterations: 2, execute: body)
  }

  /// `out = W in` for `slot`'s weight on `columns` of `source` (leading dimension
  /// `slot.columns`), then the bias added and tanh applied column by column when `tanh`.
  func dense(
    _ slot: Slot, _ source: UnsafePointer<S>, _ out: UnsafeMutablePointer<S>,
    columns: Range<Int>, tanh: Bool
  ) {
    guard !columns.isEmpty else { return }
    S.gemm(
      transA: false, transB: false, m: slot.rows, n: columns.count, k: slot.columns, alpha: 1,
      a: theta + slot.offset, lda: slot.rows, b: source + columns.lowerBound * slot.columns,
      ldb: slot.columns, beta: 0, c: out + columns.lowerBound * slot.rows, ldc: slot.rows)
    let bias = theta + slot.bias
    for j in columns {
      let column = out + j * slot.rows
      for i in 0..<slot.rows { column[i] += bias[i] }
      if tanh { S.applyVectorTanh(UnsafeMutableBufferPointer(start: column, count: slot.rows)) }
    }
  }

  /// The encoder and head on all training and validation columns.
  func forwardEncoder() {
    inHalves { part in
      let columns = Self.half(part, of: all)
      dense(encoder0, input, a1, columns: columns, tanh: true)
      dense(encoder1, a1, z, columns: columns, tanh: true)
      dense(head, z, p, columns: columns, tanh: false)
    }
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

  /// One Adam step over every parameter with PyTorch's L2 `weightDecay` (the vectorized
  /// kernel in Double arithmetic as ``Optimizer`` does; betas 0.9, 0.999, epsilon 1e-8), the
  /// parameters split in halves over the two threads.
  func adam(lr: Double, weightDecay: Double) {
    step += 1
    let settings = AdamStep(step: step, lr: lr, weightDecay: weightDecay)
    inHalves { part in
      let range = Self.half(part, of: count)
      let o = range.lowerBound
      S.adamStep(
        parameters: theta + o, gradients: gradient + o, first: first + o, second: second + o,
        count: range.count, settings)
    }
  }
}
