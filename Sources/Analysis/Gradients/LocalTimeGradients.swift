import Dispatch
import LinearAlgebra
import RecurrentNets
import Training

/// Local-time gradients (thesis eq. 4.6-4.9, appendix B): `dV_t`, the gradient of the loss
/// of the prediction at step t with respect to the hidden-to-hidden weight, for every step
/// t of every sequence, from one forward pass and truncated backward passes that reuse it.
///
/// With `L_t = CE(W_out h_t + b_out, y)` (the class read at step t, as if the sequence ended
/// there) and the state gradients `d_s = dL_t / d s_s = J_{s+1}^T ... J_t^T d_t`,
/// `dV_t = sum_{s <= t} a_s^{(t)} h_{s-1}^T`, where `a_s^{(t)}` is the gradient of the
/// pre-activations `W_hh h_{s-1}` formed from `d_s` by the cell's backward step. Each pass
/// runs that backward step (``TrainableCell/backward``, the trainer's code) from t down to
/// 0 on the recorded forward steps, so all T passes cost `O(T^2 N^2)` and one forward pass.
///
/// Layout: PyTorch's `weight_hh_l0`, `G N x N` with `G` gate blocks stacked (1 for RNN,
/// LSTM `i, f, g, o`, GRU `r, z, n`), row = receiving unit. Losses are per sequence (not
/// averaged over the batch).
public enum LocalTimeGradients {
  /// One truncated backward pass: the step-t loss of one sequence and its gradients.
  public struct TruncatedPass {
    /// `L_t` in nats.
    public var loss: Double
    /// `dL_t / dW_hh`, `G N x N`.
    public var weightHH: Matrix<Double>
    /// `dL_t / d s_s` for `s = 0 ... t` (each `stateBlocks N x 1`; `s_s` is the state after
    /// step s), when asked for; empty otherwise.
    public var stateGradients: [Matrix<Double>]
  }

  /// The truncated pass from step `t` of a one-sequence forward pass `steps`.
  ///
  /// - Parameters:
  ///   - target: the sequence's class.
  ///   - keepStateGradients: whether to return every `dL_t / d s_s`.
  /// - Precondition: `steps` come from ``RecurrentClassifier/run(_:)`` on one sequence,
  ///   `0 <= t < steps.count`, `0 <= target < classes`.
  public static func truncatedPass<Cell: TrainableCell>(
    _ model: RecurrentClassifier<Cell>, steps: [RecurrentClassifier<Cell>.Step], at t: Int,
    target: Int, keepStateGradients: Bool = false
  ) -> TruncatedPass {
    let n = model.hiddenSize
    let loss = StepLoss<Double>.crossEntropy(model.logits(steps[t].next), targets: [target])
    let dh = model.readoutWeight.transposedTimes(loss.gradient)
    var gradient = Matrix<Double>(rows: model.cell.stateBlocks * n, columns: 1)
    for i in 0..<n { gradient.storage[i] = dh.storage[i] }
    var parameters = ParameterGradients<Double>(expectedSteps: t + 1)
    var states = [Matrix<Double>]()
    if keepStateGradients { states.reserveCapacity(t + 1) }
    for s in stride(from: t, through: 0, by: -1) {
      if keepStateGradients { states.append(gradient) }
      let step = steps[s]
      gradient =
        model.cell.backward(
          step.cache, state: step.state, input: step.input, outputGradient: gradient,
          parameterGradients: &parameters, inputGradient: false
        ).state
    }
    return TruncatedPass(
      loss: loss.sum, weightHH: parameters.totals()["weight_hh"]!,
      stateGradients: states.reversed())
  }

  /// Runs the forward pass of each sequence of a batch and hands it to `body`.
  ///
  /// - Parameters:
  ///   - inputs: `[step]` of `M x B`.
  ///   - classes: B class indices.
  ///   - body: receives the sequence index and its recorded forward steps (one column).
  /// - Throws: ``GradientStudyError/invalidValue(name:value:hint:)`` for an empty batch,
  ///   inputs of the wrong size, a class count that differs from B or a class out of range;
  ///   ``GradientStudyError/nonFinite(what:sequence:step:)`` for a NaN or infinite state;
  ///   whatever `body` throws.
  public static func forEachSequence<Cell: TrainableCell>(
    _ model: RecurrentClassifier<Cell>, inputs: [Matrix<Double>], classes: [Int],
    _ body: (_ sequence: Int, _ steps: [RecurrentClassifier<Cell>.Step]) throws -> Void
  ) throws {
    try validate(model, inputs: inputs, classes: classes)
    for b in classes.indices {
      let steps = model.run(inputs.map { $0.columns(b..<(b + 1)) })
      if let t = steps.firstIndex(where: { $0.next.firstNonFiniteColumn() != nil }) {
        throw GradientStudyError.nonFinite(what: "the state", sequence: b, step: t)
      }
      try body(b, steps)
    }
  }

  /// `dV_t` of every sequence at each of `selected` steps (all steps when nil):
  /// `result[b][i]` belongs to step `selected[i]`, the same values as
  /// ``truncatedPass(_:steps:at:target:keepStateGradients:)`` per sequence, computed for the
  /// whole batch at once (see `batchedPasses`; state gradients are not kept). Memory grows as
  /// `B T G N^2`; long sequences use ``forEachSequence(_:inputs:classes:_:)`` and stream.
  ///
  /// - Parameter threads: the sequences are split into this many contiguous chunks run in
  ///   parallel (use single-threaded BLAS then); the result does not depend on it.
  /// - Throws: as ``forEachSequence(_:inputs:classes:_:)``.
  public static func compute<Cell: TrainableCell>(
    _ model: RecurrentClassifier<Cell>, inputs: [Matrix<Double>], classes: [Int],
    steps selected: [Int]? = nil, threads: Int = 1
  ) throws -> [[TruncatedPass]] {
    try validate(model, inputs: inputs, classes: classes)
    let b = classes.count
    let chunks = max(1, min(threads, b))
    var parts = [Result<[[TruncatedPass]], Error>?](repeating: nil, count: chunks)
    parts.withUnsafeMutableBufferPointer { buffer in
      let slots = DisjointSlots(base: buffer.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: chunks) { c in
        let range = (c * b / chunks)..<((c + 1) * b / chunks)
        slots.base[c] = Result {
          try batchedPasses(
            model, inputs: inputs.map { $0.columns(range) }, classes: Array(classes[range]),
            steps: selected)
        }
      }
    }
    return try parts.flatMap { try $0!.get() }
  }

  /// The truncated passes of a whole batch at once: one forward pass over its B columns,
  /// and for each step t one backward pass from t to 0 over all B columns (matrix products
  /// instead of B matrix-vector products), each sequence's `dV_t` read from the per-column
  /// factors (``ParameterGradients/totalsPerColumn(_:columns:)``). Falls back to one
  /// sequence at a time when the factors are not all held (a one-hot state).
  static func batchedPasses<Cell: TrainableCell>(
    _ model: RecurrentClassifier<Cell>, inputs: [Matrix<Double>], classes: [Int],
    steps selected: [Int]?
  ) throws -> [[TruncatedPass]] {
    let b = classes.count
    let n = model.hiddenSize
    let forward = model.run(inputs)
    if let t = forward.firstIndex(where: { $0.next.firstNonFiniteColumn() != nil }) {
      let column = forward[t].next.firstNonFiniteColumn()!
      throw GradientStudyError.nonFinite(what: "the state", sequence: column, step: t)
    }
    var out = [[TruncatedPass]](repeating: [], count: b)
    for t in selected ?? Array(forward.indices) {
      let logits = model.logits(forward[t].next)
      let loss = StepLoss<Double>.crossEntropy(logits, targets: classes)
      let losses = (0..<b).map {
        StepLoss<Double>.crossEntropy(logits.columns($0..<($0 + 1)), targets: [classes[$0]]).sum
      }
      let dh = model.readoutWeight.transposedTimes(loss.gradient)
      var gradient = Matrix<Double>(rows: model.cell.stateBlocks * n, columns: b)
      for j in 0..<b {
        for i in 0..<n { gradient[i, j] = dh[i, j] }
      }
      var parameters = ParameterGradients<Double>(expectedSteps: t + 1, flushBytes: .max / 2)
      for s in stride(from: t, through: 0, by: -1) {
        let step = forward[s]
        gradient =
          model.cell.backward(
            step.cache, state: step.state, input: step.input, outputGradient: gradient,
            parameterGradients: &parameters, inputGradient: false
          ).state
      }
      guard let perSequence = parameters.totalsPerColumn("weight_hh", columns: b) else {
        return try unbatchedPasses(model, inputs: inputs, classes: classes, steps: selected)
      }
      for j in 0..<b {
        out[j].append(TruncatedPass(loss: losses[j], weightHH: perSequence[j], stateGradients: []))
      }
    }
    return out
  }

  /// The truncated passes one sequence at a time.
  static func unbatchedPasses<Cell: TrainableCell>(
    _ model: RecurrentClassifier<Cell>, inputs: [Matrix<Double>], classes: [Int],
    steps selected: [Int]?
  ) throws -> [[TruncatedPass]] {
    var out: [[TruncatedPass]] = []
    try forEachSequence(model, inputs: inputs, classes: classes) { j, steps in
      out.append(
        (selected ?? Array(steps.indices)).map {
          truncatedPass(model, steps: steps, at: $0, target: classes[j])
        })
    }
    return out
  }

  /// The gate blocks of a `G N x N` weight gradient, each `N x N`, in stacking order.
  public static func gateBlocks(_ gradient: Matrix<Double>, hiddenSize n: Int)
    -> [Matrix<Double>]
  {
    (0..<(gradient.rows / n)).map { gradient.rows(($0 * n)..<(($0 + 1) * n)) }
  }

  /// The sum of the gate blocks (`N x N`; the gradient itself for an RNN).
  public static func gateSum(_ gradient: Matrix<Double>, hiddenSize n: Int) -> Matrix<Double> {
    let blocks = gateBlocks(gradient, hiddenSize: n)
    var sum = blocks[0]
    for block in blocks.dropFirst() {
      for i in sum.storage.indices { sum.storage[i] += block.storage[i] }
    }
    return sum
  }

  /// Checks a batch against the model.
  static func validate<Cell: TrainableCell>(
    _ model: RecurrentClassifier<Cell>, inputs: [Matrix<Double>], classes: [Int]
  ) throws {
    guard let first = inputs.first, first.columns > 0 else {
      throw GradientStudyError.invalidValue(
        name: "inputs", value: "empty", hint: "need at least one step and one sequence")
    }
    for (t, x) in inputs.enumerated()
    where x.rows != model.cell.inputSize || x.columns != first.columns {
      throw GradientStudyError.invalidValue(
        name: "inputs at step \(t)", value: "\(x.rows) x \(x.columns)",
        hint: "need \(model.cell.inputSize) features x \(first.columns) sequences at every step")
    }
    guard classes.count == first.columns else {
      throw GradientStudyError.invalidValue(
        name: "target count", value: "\(classes.count)",
        hint: "need one class per sequence (\(first.columns))")
    }
    if let bad = classes.firstIndex(where: { $0 < 0 || $0 >= model.classes }) {
      throw GradientStudyError.invalidValue(
        name: "target of sequence \(bad)", value: "\(classes[bad])",
        hint: "classes are 0..<\(model.classes)")
    }
  }
}
