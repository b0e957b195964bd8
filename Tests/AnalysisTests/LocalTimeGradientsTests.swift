import Analysis
import LinearAlgebra
import RecurrentNets
import TestSupport
import Testing

@testable import Training

/// `dV_t` against finite differences of the step-t loss and against the trainer's BPTT.
@Suite struct LocalTimeGradientsTests {
  static let architectures: [Architecture] = [.rnn, .rnnRelu, .lstm, .gru]

  /// Every entry of every `dV_t` of both sequences against central differences of `L_t`.
  @Test(arguments: architectures) func matchesFiniteDifferences(_ architecture: Architecture)
    throws
  {
    let parameters = try AnalysisFixtures.parameters(architecture)
    let (inputs, classes) = AnalysisFixtures.batch()
    let name = "rnn.weight_hh_l0"
    let computed = try parameters.study(LocalTimeGradientsBatch(inputs: inputs, classes: classes))
    var worst = 0.0
    var largest = 0.0
    for b in classes.indices {
      let sequence = inputs.map { $0.columns(b..<(b + 1)) }
      for t in inputs.indices {
        let analytic = computed[b][t].weightHH
        #expect(analytic.rows == parameters.values[name]!.rows)
        for i in analytic.storage.indices {
          let h = 1e-6
          func loss(_ delta: Double) throws -> Double {
            var p = parameters
            p.values[name]!.storage[i] += delta
            return try p.withClassifier { $0.loss(sequence, step: t, target: classes[b]) }
          }
          let fd = (try loss(h) - loss(-h)) / (2 * h)
          worst = max(worst, abs(fd - analytic.storage[i]))
          largest = max(largest, abs(fd))
        }
      }
    }
    // Central differences at h = 1e-6 carry about 1e-9 absolute error here.
    #expect(largest > 1e-3)
    #expect(worst / largest < 1e-6, "relative error \(worst / largest)")
  }

  /// `sum_t dV_t` summed over the batch equals the trainer's gradient of the loss summed
  /// over every step (a class at every step, one backward pass through the whole sequence),
  /// and `dV_{T-1}` summed over the batch its gradient of the last step's loss.
  @Test(arguments: architectures) func sumsMatchTrainerBPTT(_ architecture: Architecture) throws {
    let parameters = try AnalysisFixtures.parameters(architecture)
    let (inputs, classes) = AnalysisFixtures.batch(batch: 3, steps: 6)
    let computed = try parameters.study(LocalTimeGradientsBatch(inputs: inputs, classes: classes))
    let steps = inputs.count
    let b = classes.count
    func trainer(_ targets: BatchTargets<Double>) -> Matrix<Double> {
      trainerGradient(parameters, SequenceBatch(inputs: inputs, targets: targets))
    }
    // The trainer averages over the predictions: scale back to sums.
    var allSteps = trainer(.classesPerStep(Array(repeating: classes, count: steps)))
    for i in allSteps.storage.indices { allSteps.storage[i] *= Double(steps * b) }
    var lastStep = trainer(.classAtEnd(classes))
    for i in lastStep.storage.indices { lastStep.storage[i] *= Double(b) }
    var summed = Matrix<Double>(rows: allSteps.rows, columns: allSteps.columns)
    var last = summed
    for sequence in computed {
      for (t, pass) in sequence.enumerated() {
        for i in summed.storage.indices {
          summed.storage[i] += pass.weightHH.storage[i]
          if t == steps - 1 { last.storage[i] += pass.weightHH.storage[i] }
        }
      }
    }
    #expect(FiniteDifferences.relativeError(summed, allSteps) < 1e-12)
    #expect(FiniteDifferences.relativeError(last, lastStep) < 1e-12)
  }

  /// The batched passes (the whole batch per backward step, per-column factors) equal the
  /// one-sequence passes, and splitting the batch over threads changes nothing (to rounding:
  /// the matrix products differ in width).
  @Test(arguments: [Architecture.rnn, .lstm, .gru]) func batchedEqualsOneSequenceAtATime(
    _ architecture: Architecture
  ) throws {
    let parameters = try AnalysisFixtures.parameters(architecture)
    let (inputs, classes) = AnalysisFixtures.batch(batch: 3, steps: 4)
    let batched = try parameters.study(LocalTimeGradientsBatch(inputs: inputs, classes: classes))
    let two = try parameters.study(
      LocalTimeGradientsBatch(inputs: inputs, classes: classes, threads: 2))
    for b in classes.indices {
      let sequence = inputs.map { $0.columns(b..<(b + 1)) }
      let single = try parameters.withClassifier { $0.passes(sequence, target: classes[b]) }
      for t in inputs.indices {
        let reference = single[t].weightHH
        #expect(FiniteDifferences.relativeError(batched[b][t].weightHH, reference) < 1e-13)
        #expect(FiniteDifferences.relativeError(two[b][t].weightHH, reference) < 1e-13)
        #expect(abs(batched[b][t].loss - single[t].loss) < 1e-13)
      }
    }
  }

  /// Gate blocks are the row blocks of the stacked gradient; their sum is N x N.
  @Test func gateBlocksAndSum() {
    let g = Matrix<Double>(rows: 6, columns: 2, storage: Array((0..<12).map(Double.init)))
    let blocks = LocalTimeGradients.gateBlocks(g, hiddenSize: 2)
    #expect(blocks.count == 3)
    #expect(blocks[1] == g.rows(2..<4))
    let sum = LocalTimeGradients.gateSum(g, hiddenSize: 2)
    // Column-major: column 0 is 0...5, column 1 is 6...11.
    // Rows 0+2+4, 6+8+10 and 1+3+5, 7+9+11.
    let expected = Matrix<Double>(rowMajor: [[6.0, 24.0], [9.0, 27.0]])
    #expect(sum == expected)
  }

  /// Wrong shapes and classes are errors naming the value.
  @Test func invalidBatches() throws {
    let parameters = try AnalysisFixtures.parameters(.rnn)
    let (inputs, classes) = AnalysisFixtures.batch()
    #expect(throws: GradientStudyError.self) {
      try parameters.study(LocalTimeGradientsBatch(inputs: inputs, classes: [0]))
    }
    #expect(throws: GradientStudyError.self) {
      try parameters.study(LocalTimeGradientsBatch(inputs: inputs, classes: [0, 7]))
    }
    #expect(throws: GradientStudyError.self) {
      try parameters.study(
        LocalTimeGradientsBatch(inputs: inputs.map { $0.rows(0..<2) }, classes: classes))
    }
    let deep = try ModelParameters<Double>(
      network: NetworkDescription(architecture: .rnn, layers: 2, inputSize: 3, hiddenSize: 4),
      outputs: 5, initializer: .uniform(0.5), seed: 1)
    #expect(throws: GradientStudyError.unsupportedLayers(2)) {
      try deep.study(LocalTimeGradientsBatch(inputs: inputs, classes: classes))
    }
    let asrnn = try ModelParameters<Double>(
      network: NetworkDescription(architecture: .asrnn, layers: 1, inputSize: 3, hiddenSize: 4),
      outputs: 5, initializer: .uniform(0.5), seed: 1)
    #expect(throws: GradientStudyError.unsupportedArchitecture("asrnn")) {
      try asrnn.study(LocalTimeGradientsBatch(inputs: inputs, classes: classes))
    }
  }
}

/// ``LocalTimeGradients/compute(_:inputs:classes:steps:)`` as a study.
struct LocalTimeGradientsBatch: ClassifierStudy {
  let inputs: [Matrix<Double>]
  let classes: [Int]
  var threads = 1
  func run<Cell: TrainableCell>(_ model: RecurrentClassifier<Cell>) throws
    -> [[LocalTimeGradients.TruncatedPass]]
  where Cell.Scalar == Double {
    try LocalTimeGradients.compute(model, inputs: inputs, classes: classes, threads: threads)
  }
}

/// The trainer's BPTT gradient of `rnn.weight_hh_l0` (mean loss, no dropout).
func trainerGradient(_ p: ModelParameters<Double>, _ batch: SequenceBatch<Double>)
  -> Matrix<Double>
{
  func run<Cell: TrainableCell>(_: Cell.Type) -> Matrix<Double> where Cell.Scalar == Double {
    var g = SeededGenerator(seed: 1)
    return SequenceModel<Cell>(p).evaluate(
      batch, loss: .crossEntropy, dropout: 0, generator: &g, gradients: true
    ).gradients["rnn.weight_hh_l0"]!
  }
  switch p.network.architecture {
  case .lstm: return run(LSTMCell<Double>.self)
  case .gru: return run(GRUCell<Double>.self)
  default: return run(RNNCell<Double>.self)
  }
}
