import LinearAlgebra
import RecurrentNets
import Testing

@testable import Training

/// Central finite differences of the mean loss against back-propagated gradients.
enum GradientCheck {
  /// A random batch of `batch` sequences of `steps` steps for `targets` of the given kind.
  /// With `oneHot`, each input column is a one-hot vector (characters).
  static func batch(
    kind: TargetKind, inputSize m: Int, outputs: Int, batch b: Int, steps: Int, seed: UInt64,
    oneHot: Bool = false
  ) -> SequenceBatch<Double> {
    var g = SeededGenerator(seed: seed)
    let inputs = (0..<steps).map { _ in
      guard oneHot else { return Matrix<Double>.randomNormal(rows: m, columns: b, using: &g) }
      var x = Matrix<Double>(rows: m, columns: b)
      for j in 0..<b { x[Int(g.next() % UInt64(m)), j] = 1 }
      return x
    }
    let classes = { (0..<b).map { _ in Int(g.next() % UInt64(outputs)) } }
    switch kind {
    case .classesPerStep:
      return SequenceBatch(
        inputs: inputs, targets: .classesPerStep((0..<steps).map { _ in classes() }))
    case .classAtEnd:
      return SequenceBatch(inputs: inputs, targets: .classAtEnd(classes()))
    case .valuesPerStep:
      return SequenceBatch(
        inputs: inputs,
        targets: .valuesPerStep(
          (0..<steps).map { _ in Matrix.randomNormal(rows: outputs, columns: b, using: &g) }))
    }
  }

  /// Checks every parameter entry of a small model of `Cell` (1 and 2 layers, each loss).
  static func check<Cell: TrainableCell>(
    _: Cell.Type, architecture: Architecture, hyperparameters: Hyperparameters = Hyperparameters(),
    initScale: Double = 0.5, tolerance: Double = 1e-5, oneHot: Bool = false
  ) throws where Cell.Scalar == Double {
    for layers in [1, 2] {
      for (kind, lossKind) in [
        (TargetKind.classesPerStep, LossKind.crossEntropy), (.classAtEnd, .crossEntropy),
        (.valuesPerStep, .mse), (.valuesPerStep, .mae),
      ] {
        let description = NetworkDescription(
          architecture: architecture, layers: layers, inputSize: 3, hiddenSize: 4,
          hyperparameters: hyperparameters)
        let parameters = try ModelParameters<Double>(
          network: description, outputs: 5, initializer: .uniform(initScale), seed: 7)
        let data = batch(
          kind: kind, inputSize: 3, outputs: 5, batch: 2, steps: 4, seed: 9, oneHot: oneHot)
        for dropout in [0.0, 0.3] {
          func evaluate(_ p: ModelParameters<Double>, gradients: Bool)
            -> SequenceModel<Cell>.Evaluation
          {
            var g = SeededGenerator(seed: 11)
            return SequenceModel<Cell>(p).evaluate(
              data, loss: lossKind, dropout: dropout, generator: &g, gradients: gradients)
          }
          let analytic = evaluate(parameters, gradients: true).gradients
          var worst = 0.0
          var largest = 0.0
          for (name, value) in parameters.values {
            let grad = try #require(analytic[name], "no gradient for \(name)")
            for i in value.storage.indices {
              let h = 1e-6
              var plus = parameters
              plus.values[name]!.storage[i] += h
              var minus = parameters
              minus.values[name]!.storage[i] -= h
              let fd =
                (evaluate(plus, gradients: false).meanLoss
                  - evaluate(minus, gradients: false).meanLoss) / (2 * h)
              worst = max(worst, abs(fd - grad.storage[i]))
              largest = max(largest, abs(fd))
            }
          }
          let relative = worst / max(largest, 1e-8)
          #expect(
            relative < tolerance,
            "\(architecture.rawValue) x\(layers) \(kind) \(lossKind.rawValue) dropout \(dropout): relative error \(relative)"
          )
        }
      }
    }
  }
}
