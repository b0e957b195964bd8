import LinearAlgebra
import TestSupport
import Testing
import Training

@testable import Analysis

/// The flat-buffer AeLLE epochs: gradients against the model's own backward pass (Double)
/// and against Double finite differences (Float), and training against a reference loop of
/// the model's gradients and ``Optimizer``.
@Suite struct AeLLEWorkspaceTests {
  static let (inputs, hidden, latent, columns, held) = (5, 4, 3, 6, 2)

  static func data(seed: UInt64) -> (Matrix<Double>, [Double], Matrix<Double>, [Double]) {
    var generator = SeededGenerator(seed: seed)
    let x = Matrix<Double>.randomNormal(rows: inputs, columns: columns, using: &generator)
    let xv = Matrix<Double>.randomNormal(rows: inputs, columns: held, using: &generator)
    let t = (0..<columns).map { 2 * x[0, $0] - x[3, $0] + 0.3 }
    let tv = (0..<held).map { 2 * xv[0, $0] - xv[3, $0] + 0.3 }
    return (x, t, xv, tv)
  }

  /// The workspace's gradient in the order of its flat buffer, as Double.
  static func gradient<S: BLASScalar>(
    _ work: AeLLEWorkspace<S>, alpha: Double, norm: LossKind
  ) -> (AeLLEModel.Losses, [Double]) {
    work.forwardEncoder()
    let losses = work.lossesAndGradient(alpha: alpha, norm: norm)
    return (losses, (0..<work.count).map { Double(work.gradient[$0]) })
  }

  /// The model's parameters in the workspace's flat order.
  static func flat(_ m: AeLLEModel, _ values: [String: Matrix<Double>]) -> [Double] {
    var names: [String] = []
    for part in ["encoder", "decoder"] {
      for l in 0..<2 { names += ["\(part).layers.\(l).weight", "\(part).layers.\(l).bias"] }
    }
    return (names + ["head.weight", "head.bias"]).flatMap { values[$0]!.storage }
  }

  @Test(arguments: [LossKind.mae, .mse])
  func doubleGradientMatchesTheModelsBackwardPass(_ norm: LossKind) {
    let (x, t, xv, tv) = Self.data(seed: 3)
    let model = AeLLEModel(inputs: Self.inputs, hidden: Self.hidden, latent: Self.latent, seed: 5)
    let work = AeLLEWorkspace<Double>(model: model, x: x, t, validation: xv, tv)
    let (losses, g) = Self.gradient(work, alpha: 0.6, norm: norm)
    let (expected, reference) = model.lossesAndGradients(x, targets: t, alpha: 0.6, norm: norm)
    let r = Matrix(rows: 1, columns: g.count, storage: Self.flat(model, reference))
    #expect(
      FiniteDifferences.relativeError(Matrix(rows: 1, columns: g.count, storage: g), r) < 1e-13)
    #expect(abs(losses.reconstruction - expected.reconstruction) < 1e-14)
    #expect(abs(losses.prediction - expected.prediction) < 1e-14)
    let validation = AeLLEModel.predictionLoss(model.predict(latent: model.encode(xv)), tv, norm)
    #expect(abs(work.validationLoss(norm: norm) - validation) < 1e-14)
  }

  /// Float's gradient against central differences of the Double objective at the same
  /// (Float-rounded) parameters and data. Float's relative rounding is eps = 2^-23 ~ 1.2e-7
  /// a step; a gradient entry passes through about ten roundings per layer on four layers
  /// plus sums of up to `columns * hidden` terms, so its error relative to the largest
  /// entry stays below ~100 eps; the bound is 1e-5 (~80 eps), the finite differences'
  /// own error (~1e-9) being far below it.
  @Test(arguments: [LossKind.mae, .mse])
  func floatGradientMatchesFiniteDifferences(_ norm: LossKind) {
    let (x0, t0, xv0, tv0) = Self.data(seed: 7)
    let round = { (v: Double) in Double(Float(v)) }
    let x = Matrix(rows: x0.rows, columns: x0.columns, storage: x0.storage.map(round))
    let xv = Matrix(rows: xv0.rows, columns: xv0.columns, storage: xv0.storage.map(round))
    let (t, tv) = (t0.map(round), tv0.map(round))
    var model = AeLLEModel(inputs: Self.inputs, hidden: Self.hidden, latent: Self.latent, seed: 9)
    model.parameters = model.parameters.mapValues {
      Matrix(rows: $0.rows, columns: $0.columns, storage: $0.storage.map(round))
    }
    let work = AeLLEWorkspace<Float>(model: model, x: x, t, validation: xv, tv)
    let (losses, g) = Self.gradient(work, alpha: 0.8, norm: norm)
    let direct = model.losses(x, targets: t, norm: norm)
    #expect(
      abs(losses.total(alpha: 0.8) - direct.total(alpha: 0.8)) < 1e-5 * direct.total(alpha: 0.8))
    let p0 = model.parameters
    let numeric = FiniteDifferences.jacobian(at: Self.flat(model, p0)) { v in
      var m = model
      var p = p0
      var offset = 0
      for (name, slot) in Self.slots(p0) {
        p[name]!.storage = Array(v[offset..<(offset + slot)])
        offset += slot
      }
      m.parameters = p
      return [m.losses(x, targets: t, norm: norm).total(alpha: 0.8)]
    }
    let analytic = Matrix(rows: 1, columns: g.count, storage: g)
    let error = FiniteDifferences.relativeError(analytic, numeric)
    #expect(error < 1e-5, "\(norm): \(error)")
    #expect(error > 0, "Float rounding must show: the Float path really ran in Float")
  }

  /// Names and sizes in the workspace's flat order.
  static func slots(_ p: [String: Matrix<Double>]) -> [(String, Int)] {
    var names: [String] = []
    for part in ["encoder", "decoder"] {
      for l in 0..<2 { names += ["\(part).layers.\(l).weight", "\(part).layers.\(l).bias"] }
    }
    return (names + ["head.weight", "head.bias"]).map { ($0, p[$0]!.storage.count) }
  }

  /// A reference loop (the model's gradients, ``Optimizer``'s Adam, the model's validation
  /// loss after each step) gives the same losses and final parameters as ``AeLLETraining``
  /// in Double, to rounding.
  @Test func trainingMatchesAReferenceLoop() throws {
    let (x, t, xv, tv) = Self.data(seed: 21)
    var settings = AeLLETraining()
    settings.epochs = 12
    settings.hidden = Self.hidden
    settings.latent = Self.latent
    settings.learningRate = 1e-2
    settings.seed = 4
    let result = try settings.train(x, t, validation: xv, tv)
    var model = AeLLEModel(inputs: Self.inputs, hidden: Self.hidden, latent: Self.latent, seed: 4)
    var optimizer = Optimizer<Double>(kind: .adam)
    optimizer.weightDecay = settings.weightDecay
    var parameters = model.parameters
    var best = (Double.infinity, 0, model)
    for epoch in 0..<settings.epochs {
      let alpha = settings.schedule.alpha(epoch: epoch, of: settings.epochs)
      let (losses, g) = model.lossesAndGradients(x, targets: t, alpha: alpha, norm: .mae)
      optimizer.update(&parameters, gradients: g, lr: settings.learningRate)
      model.parameters = parameters
      #expect(abs(losses.reconstruction - result.reconstruction[epoch]) < 1e-12)
      #expect(abs(losses.prediction - result.prediction[epoch]) < 1e-12)
      let validation = AeLLEModel.predictionLoss(model.predict(latent: model.encode(xv)), tv, .mae)
      #expect(abs(validation - result.validationPrediction[epoch]) < 1e-12)
      if alpha > 0, validation < best.0 { best = (validation, epoch + 1, model) }
    }
    #expect(result.keptEpoch == best.1 && best.1 > 0)
    for (name, value) in best.2.parameters {
      #expect((value - result.model.parameters[name]!).maxAbs < 1e-12, "\(name)")
    }
    let single = try settings.train(x, t, validation: xv, tv, in: Float.self)
    for epoch in 0..<settings.epochs {
      #expect(abs(single.reconstruction[epoch] - result.reconstruction[epoch]) < 1e-5)
      #expect(abs(single.prediction[epoch] - result.prediction[epoch]) < 1e-5)
    }
    // The precision setting chooses between the two.
    var float = settings
    float.precision = .float
    let chosen = try float.train(x, t, validation: xv, tv)
    #expect(chosen.reconstruction == single.reconstruction && chosen.keptEpoch == single.keptEpoch)
    #expect(chosen.reconstruction != result.reconstruction)
  }
}
