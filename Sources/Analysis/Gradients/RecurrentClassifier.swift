import LinearAlgebra
import RecurrentNets
import Training

/// A one-layer recurrent network with a linear readout (the model of `lyap train`
/// checkpoints), run on a batch for per-step studies: the predicted class at step t is
/// read from `logits_t = W_out h_t + b_out`, as if the sequence ended at t.
///
/// Studies are written once, generically over the cell, as a ``ClassifierStudy``; the
/// architecture dispatch is ``ModelParameters/study(_:)``.
public struct RecurrentClassifier<Cell: TrainableCell>: Sendable where Cell.Scalar == Double {
  /// The recurrent layer.
  public let cell: Cell
  /// `W_out`, `C x N`.
  public let readoutWeight: Matrix<Double>
  /// `b_out`, C values.
  public let readoutBias: [Double]
  /// Gate blocks G of the hidden-to-hidden weight (`G N x N`): 1, 4 (LSTM) or 3 (GRU).
  public let gateCount: Int

  /// One forward step: the state it started from, its input and the cell's cache.
  public struct Step {
    public var state: Matrix<Double>
    public var input: Matrix<Double>
    public var cache: Cell.Cache
    /// The state after the step (`stateBlocks N x B`).
    public var next: Matrix<Double>
  }

  /// Builds the model from checkpoint parameters.
  /// - Throws: ``GradientStudyError/unsupportedLayers(_:)`` unless the network has one layer.
  public init(_ parameters: ModelParameters<Double>) throws {
    guard parameters.network.layers == 1 else {
      throw GradientStudyError.unsupportedLayers(parameters.network.layers)
    }
    let hyper = parameters.network.hyperparameters.withDefaults(
      for: parameters.network.architecture)
    cell = Cell(
      architecture: parameters.network.architecture, parameters: parameters.layer(0),
      hyperparameters: hyper)
    readoutWeight = parameters.values["readout.weight"]!
    readoutBias = parameters.values["readout.bias"]!.storage
    gateCount = parameters.layer(0)["weight_hh"]!.rows / parameters.network.hiddenSize
  }

  /// Classes C.
  public var classes: Int { readoutWeight.rows }
  /// Hidden units N.
  public var hiddenSize: Int { cell.hiddenSize }

  /// The forward pass from a zero state over `inputs` (`[step]` of `M x B`), every step
  /// recorded for backward passes and Jacobians.
  public func run(_ inputs: [Matrix<Double>]) -> [Step] {
    let b = inputs.first?.columns ?? 0
    var state = Matrix<Double>(rows: cell.stateBlocks * cell.hiddenSize, columns: b)
    var steps: [Step] = []
    steps.reserveCapacity(inputs.count)
    for (t, x) in inputs.enumerated() {
      let (next, cache) = cell.forward(state: state, input: x, step: t, trajectories: 0..<b)
      steps.append(Step(state: state, input: x, cache: cache, next: next))
      state = next
    }
    return steps
  }

  /// The logits after the last of `inputs` (`C x B`), without keeping the steps.
  public func finalLogits(_ inputs: [Matrix<Double>]) -> Matrix<Double> {
    let b = inputs.first?.columns ?? 0
    var state = Matrix<Double>(rows: cell.stateBlocks * cell.hiddenSize, columns: b)
    for (t, x) in inputs.enumerated() {
      state = cell.forward(state: state, input: x, step: t, trajectories: 0..<b).next
    }
    return logits(state)
  }

  /// `W_out h + b_out` (`C x B`) for a state `stateBlocks N x B` (its first N rows are h).
  public func logits(_ state: Matrix<Double>) -> Matrix<Double> {
    let h = cell.stateBlocks == 1 ? state : state.rows(0..<cell.hiddenSize)
    var out = Matrix<Double>(
      rows: classes, columns: h.columns,
      storage: Array((0..<h.columns).map { _ in readoutBias }.joined()))
    multiply(readoutWeight, h, into: &out, beta: 1)
    return out
  }

  /// The explicit state Jacobians `d s_t / d s_{t-1}` of sequence `column` at every step.
  public func jacobians(_ steps: [Step], column: Int = 0, convention: StateConvention)
    -> [Matrix<Double>]
  {
    let d = cell.tangentSize(convention)
    return steps.map { step in
      var j = Matrix<Double>(rows: d, columns: d)
      var none: Matrix<Double>? = nil
      cell.jacobians(step.cache, column: column, convention: convention, state: &j, input: &none)
      return j
    }
  }
}

/// A study written once for every supported cell.
public protocol ClassifierStudy {
  associatedtype Output
  /// Runs the study on `model`.
  func run<Cell: TrainableCell>(_ model: RecurrentClassifier<Cell>) throws -> Output
  where Cell.Scalar == Double
}

extension ModelParameters where Scalar == Double {
  /// Runs `study` on the network with the cell type of its architecture.
  /// - Throws: ``GradientStudyError/unsupportedArchitecture(_:)`` for architectures other
  ///   than RNN (tanh, relu), LSTM and GRU, and whatever the study throws.
  public func study<S: ClassifierStudy>(_ study: S) throws -> S.Output {
    switch network.architecture {
    case .rnn, .rnnRelu: return try study.run(RecurrentClassifier<RNNCell<Double>>(self))
    case .lstm: return try study.run(RecurrentClassifier<LSTMCell<Double>>(self))
    case .gru: return try study.run(RecurrentClassifier<GRUCell<Double>>(self))
    default: throw GradientStudyError.unsupportedArchitecture(network.architecture.rawValue)
    }
  }
}
