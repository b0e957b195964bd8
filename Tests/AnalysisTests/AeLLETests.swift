import LinearAlgebra
import TestSupport
import Testing
import Training

@testable import Analysis

/// AeLLE's objective and gradients (finite differences), its alpha schedule, its training
/// and its latent perturbations.
@Suite struct AeLLETests {
  static func data(rows: Int, columns: Int, seed: UInt64) -> Matrix<Double> {
    var generator = SeededGenerator(seed: seed)
    return Matrix.randomNormal(rows: rows, columns: columns, using: &generator)
  }

  @Test(arguments: [LossKind.mae, .mse])
  func gradientsMatchFiniteDifferences(_ norm: LossKind) {
    let model = AeLLEModel(inputs: 5, hidden: 4, latent: 3, seed: 11)
    let x = Self.data(rows: 5, columns: 6, seed: 1)
    let t = Self.data(rows: 1, columns: 6, seed: 2).storage.map { $0 * 3 }
    let alpha = 0.7
    let (losses, gradients) = model.lossesAndGradients(x, targets: t, alpha: alpha, norm: norm)
    let direct = model.losses(x, targets: t, norm: norm)
    #expect(abs(losses.reconstruction - direct.reconstruction) < 1e-14)
    #expect(abs(losses.prediction - direct.prediction) < 1e-14)
    let p0 = model.parameters
    let names = p0.keys.sorted()
    #expect(Set(gradients.keys) == Set(names))
    let flat = names.flatMap { p0[$0]!.storage }
    let numeric = FiniteDifferences.jacobian(at: flat) { v in
      var m = model
      var p = p0
      var offset = 0
      for name in names {
        let count = p0[name]!.storage.count
        p[name]!.storage = Array(v[offset..<(offset + count)])
        offset += count
      }
      m.parameters = p
      return [m.losses(x, targets: t, norm: norm).total(alpha: alpha)]
    }
    let analytic = Matrix(
      rows: 1, columns: flat.count, storage: names.flatMap { gradients[$0]!.storage })
    #expect(FiniteDifferences.relativeError(analytic, numeric) < 1e-6, "\(norm)")
  }

  @Test func alphaScheduleRampsAndStages() {
    let ramp = AlphaSchedule.ramp(maximum: 2)
    #expect(ramp.alpha(epoch: 0, of: 30) == 0)
    #expect(ramp.alpha(epoch: 9, of: 30) == 0)
    #expect(abs(ramp.alpha(epoch: 10, of: 30) - 0) < 1e-12)
    #expect(abs(ramp.alpha(epoch: 15, of: 30) - 1) < 1e-12)
    #expect(ramp.alpha(epoch: 20, of: 30) == 2 && ramp.alpha(epoch: 29, of: 30) == 2)
    let stages = AlphaSchedule.stages([0, 0.5, 3])
    #expect(stages.alpha(epoch: 0, of: 30) == 0 && stages.alpha(epoch: 10, of: 30) == 0.5)
    #expect(stages.alpha(epoch: 29, of: 30) == 3 && stages.maximum == 3)
  }

  /// Targets a linear function of the inputs: after training, the kept state predicts the
  /// validation targets far better than their mean does; the kept epoch has alpha > 0;
  /// training is reproducible by seed.
  @Test func trainingLearnsALinearTargetAndKeepsTheBestState() throws {
    let x = Self.data(rows: 6, columns: 60, seed: 4)
    let t = (0..<60).map { 0.8 * x[0, $0] - 0.5 * x[2, $0] }
    let train = Array(0..<48)
    let held = Array(48..<60)
    var settings = AeLLETraining()
    settings.epochs = 300
    settings.hidden = 16
    settings.latent = 4
    settings.learningRate = 1e-2
    let result = try settings.train(
      x.selectingColumns(train), train.map { t[$0] }, validation: x.selectingColumns(held),
      held.map { t[$0] })
    #expect(result.keptEpoch > 100)
    let kept = result.validationPrediction[result.keptEpoch - 1]
    #expect(result.validationPrediction[100...].allSatisfy { $0 >= kept })
    let heldTargets = held.map { t[$0] }
    let mean = heldTargets.reduce(0, +) / 12
    let baseline = heldTargets.reduce(0) { $0 + abs($1 - mean) } / 12
    #expect(kept < 0.3 * baseline, "validation MAE \(kept) vs \(baseline)")
    #expect(result.reconstruction.last! < 0.5 * result.reconstruction.first!)
    let again = try settings.train(
      x.selectingColumns(train), train.map { t[$0] }, validation: x.selectingColumns(held),
      held.map { t[$0] })
    #expect(again.model == result.model)
  }
}
