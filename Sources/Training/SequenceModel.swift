import LinearAlgebra
import RecurrentNets

/// A recurrent stack with a linear readout, evaluated on a batch: forward pass, loss, and
/// gradients of every parameter by backpropagation through time.
struct SequenceModel<Cell: TrainableCell> {
  typealias Scalar = Cell.Scalar
  let cells: [Cell]
  let readoutWeight: Matrix<Scalar>
  let readoutBias: Matrix<Scalar>
  let prefix: String

  init(_ parameters: ModelParameters<Scalar>) {
    let hyper = parameters.network.hyperparameters.withDefaults(
      for: parameters.network.architecture)
    cells = (0..<parameters.network.layers).map { l in
      Cell(
        architecture: parameters.network.architecture, parameters: parameters.layer(l),
        hyperparameters: hyper)
    }
    readoutWeight = parameters.values["readout.weight"]!
    readoutBias = parameters.values["readout.bias"]!
    prefix = ModelParameters<Scalar>.networkPrefix
  }

  /// Loss summed over predicted (step, sequence) pairs, their count and correct predictions.
  struct Evaluation {
    var lossSum: Double = 0
    var count: Int = 0
    var correct: Int = 0
    /// Input steps processed (sequences x steps).
    var inputSteps: Int = 0
    /// Each layer's state after the last step (carried into the next batch by stateful
    /// training; gradients do not flow across batches, as with PyTorch's `detach`).
    var finalStates: [Matrix<Scalar>] = []
    /// Gradients of the mean loss, by parameter name (empty when not requested).
    var gradients: [String: Matrix<Scalar>] = [:]
    var meanLoss: Double { lossSum / Double(max(1, count)) }
  }

  /// Runs `batch` through the model.
  ///
  /// - Parameters:
  ///   - loss: cross-entropy for class targets; MSE or MAE for real targets.
  ///   - dropout: probability of zeroing a unit of the top layer's output before the readout
  ///     (inverted dropout, training only; pass 0 to evaluate).
  ///   - generator: draws the dropout masks.
  ///   - gradients: whether to back-propagate.
  ///   - initialStates: each layer's starting state (`stateBlocks N x B`); zero when nil.
  func evaluate(
    _ batch: SequenceBatch<Scalar>, loss: LossKind, dropout: Double,
    generator: inout SeededGenerator, gradients: Bool, initialStates: [Matrix<Scalar>]? = nil
  ) -> Evaluation {
    let steps = batch.steps
    let b = batch.size
    let n = cells[0].hiddenSize
    var states =
      initialStates
      ?? cells.map { Matrix<Scalar>(rows: $0.stateBlocks * $0.hiddenSize, columns: b) }
    var history: [[(state: Matrix<Scalar>, input: Matrix<Scalar>, cache: Cell.Cache)]] =
      Array(repeating: [], count: cells.count)
    var topOutputs: [Matrix<Scalar>] = []
    var masks: [Matrix<Scalar>?] = []
    // Trajectory ids for cells that draw noise (Noisy RNN): fresh for every batch.
    let first = Int(truncatingIfNeeded: generator.next() >> 24)
    for t in 0..<steps {
      var x = batch.inputs[t]
      for (l, cell) in cells.enumerated() {
        let (next, cache) = cell.forward(
          state: states[l], input: x, step: t, trajectories: first..<(first + b))
        if gradients { history[l].append((states[l], x, cache)) }
        states[l] = next
        x = cell.stateBlocks == 1 ? next : next.rows(0..<n)
      }
      var mask: Matrix<Scalar>? = nil
      if dropout > 0 {
        var m = Matrix<Scalar>(rows: n, columns: b)
        let keep = Scalar(1 / (1 - dropout))
        do {
          var ms = m.storage.mutableSpan
          var xs = x.storage.mutableSpan
          for i in 0..<ms.count {
            ms[i] = generator.nextUniform() < dropout ? 0 : keep
            xs[i] *= ms[i]
          }
        }
        mask = m
      }
      topOutputs.append(x)
      masks.append(mask)
    }

    // Readout and loss at the predicted steps.
    var result = Evaluation()
    result.inputSteps = b * steps
    result.finalStates = states
    var outputGradients = [Matrix<Scalar>?](repeating: nil, count: steps)
    let predicted: [Int] =
      if case .classAtEnd = batch.targets { [steps - 1] } else { Array(0..<steps) }
    var stepLosses: [(Int, StepLoss<Scalar>)] = []
    for t in predicted {
      var logits = Matrix<Scalar>(
        rows: readoutWeight.rows, columns: b,
        storage: Array((0..<b).map { _ in readoutBias.storage }.joined()))
      multiply(readoutWeight, topOutputs[t], into: &logits, beta: 1)
      let step: StepLoss<Scalar>
      switch batch.targets {
      case .classesPerStep(let classes): step = .crossEntropy(logits, targets: classes[t])
      case .classAtEnd(let classes): step = .crossEntropy(logits, targets: classes)
      case .valuesPerStep(let values):
        step = .regression(logits, targets: values[t], kind: loss)
      }
      result.lossSum += step.sum
      result.correct += step.correct
      result.count += loss == .crossEntropy ? b : b * logits.rows
      stepLosses.append((t, step))
    }
    guard gradients else { return result }

    // Gradients of the mean: scale each step's gradient by 1 / count.
    let scale = Scalar(1 / Double(result.count))
    var readoutGrads = ParameterGradients<Scalar>(expectedSteps: predicted.count)
    for (t, step) in stepLosses {
      var g = step.gradient
      for i in g.storage.indices { g.storage[i] *= scale }
      readoutGrads.accumulateProduct("readout.weight", g, topOutputs[t])
      readoutGrads.accumulateRowSums("readout.bias", of: g)
      var dh = Matrix<Scalar>(rows: n, columns: b)
      multiply(readoutWeight, g, into: &dh, transposeA: true)
      if let mask = masks[t] {
        let ms = mask.storage.span
        var ds = dh.storage.mutableSpan
        for i in 0..<ds.count { ds[i] *= ms[i] }
      }
      outputGradients[t] = dh
    }

    // Backpropagation through time, top layer first at each step.
    var layerGrads = [ParameterGradients<Scalar>](
      repeating: .init(expectedSteps: steps), count: cells.count)
    var stateGrads = cells.map { Matrix<Scalar>(rows: $0.stateBlocks * $0.hiddenSize, columns: b) }
    for t in stride(from: steps - 1, through: 0, by: -1) {
      var fromAbove = outputGradients[t]
      for l in stride(from: cells.count - 1, through: 0, by: -1) {
        var g = stateGrads[l]
        if let fromAbove {
          // The output block (first n rows of each column) receives the gradient from above.
          let above = fromAbove.storage.span
          let height = g.rows
          let aboveHeight = fromAbove.rows
          var gs = g.storage.mutableSpan
          for j in 0..<b { for i in 0..<n { gs[i + j * height] += above[i + j * aboveHeight] } }
        }
        let record = history[l][t]
        let (previous, dx) = cells[l].backward(
          record.cache, state: record.state, input: record.input, outputGradient: g,
          parameterGradients: &layerGrads[l], inputGradient: l > 0)
        stateGrads[l] = previous
        fromAbove = dx
      }
    }
    var grads = readoutGrads.totals()
    for (l, named) in layerGrads.enumerated() {
      for (name, value) in named.totals() { grads["\(prefix)\(name)_l\(l)"] = value }
    }
    result.gradients = grads
    return result
  }
}
