import Analysis
import LinearAlgebra
import RecurrentNets
import Training

/// Small random models and batches shared by the Analysis tests.
enum AnalysisFixtures {
  /// A one-layer model of `architecture` (N = 4, M = 3, 5 classes), uniform(scale) weights.
  static func parameters(
    _ architecture: Architecture, hidden: Int = 4, inputs: Int = 3, scale: Double = 0.7,
    seed: UInt64 = 7
  ) throws -> ModelParameters<Double> {
    try ModelParameters<Double>(
      network: NetworkDescription(
        architecture: architecture, layers: 1, inputSize: inputs, hiddenSize: hidden),
      outputs: 5, initializer: .uniform(scale), seed: seed)
  }

  /// `steps` Gaussian inputs `M x B` and B classes.
  static func batch(inputs m: Int = 3, batch b: Int = 2, steps: Int = 5, seed: UInt64 = 9)
    -> (inputs: [Matrix<Double>], classes: [Int])
  {
    var g = SeededGenerator(seed: seed)
    let x = (0..<steps).map { _ in Matrix<Double>.randomNormal(rows: m, columns: b, using: &g) }
    return (x, (0..<b).map { _ in Int(g.next(below: 5)) })
  }
}

/// Runs a closure with the classifier of `parameters` (any supported cell).
struct WithClassifier<Output>: ClassifierStudy {
  let body: (any ClassifierView) throws -> Output
  func run<Cell: TrainableCell>(_ model: RecurrentClassifier<Cell>) throws -> Output
  where Cell.Scalar == Double {
    try body(ClassifierBox(model: model))
  }
}

/// The cell-independent operations the tests need.
protocol ClassifierView {
  /// The step-t loss of one sequence (`[step]` of `M x 1`).
  func loss(_ inputs: [Matrix<Double>], step t: Int, target: Int) -> Double
  /// Every truncated pass of one sequence, with state gradients.
  func passes(_ inputs: [Matrix<Double>], target: Int) -> [LocalTimeGradients.TruncatedPass]
  /// The state Jacobians of one sequence.
  func jacobians(_ inputs: [Matrix<Double>], convention: StateConvention) -> [Matrix<Double>]
}

struct ClassifierBox<Cell: TrainableCell>: ClassifierView where Cell.Scalar == Double {
  let model: RecurrentClassifier<Cell>

  func loss(_ inputs: [Matrix<Double>], step t: Int, target: Int) -> Double {
    let steps = model.run(inputs)
    return StepLoss<Double>.crossEntropy(model.logits(steps[t].next), targets: [target]).sum
  }

  func passes(_ inputs: [Matrix<Double>], target: Int) -> [LocalTimeGradients.TruncatedPass] {
    let steps = model.run(inputs)
    return steps.indices.map {
      LocalTimeGradients.truncatedPass(
        model, steps: steps, at: $0, target: target, keepStateGradients: true)
    }
  }

  func jacobians(_ inputs: [Matrix<Double>], convention: StateConvention) -> [Matrix<Double>] {
    model.jacobians(model.run(inputs), convention: convention)
  }
}

extension ModelParameters where Scalar == Double {
  /// `body` applied to this model's classifier.
  func withClassifier<T>(_ body: @escaping (any ClassifierView) throws -> T) throws -> T {
    try study(WithClassifier(body: body))
  }
}
