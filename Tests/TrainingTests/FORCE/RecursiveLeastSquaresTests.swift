import Foundation
import LinearAlgebra
import RealModule
import TensorIO
import TestSupport
import Testing

@testable import Training

/// RLS against the closed-form regularized least-squares solution, and FORCE training on a
/// signal it must learn.
@Suite struct RecursiveLeastSquaresTests {
  @Test func updatesMatchTheClosedFormRidgeSolution() throws {
    let n = 6
    let d = 2
    let m = 25
    let alpha = 0.5
    var g = SeededGenerator(seed: 12)
    let regressors = Matrix<Double>.randomNormal(rows: n, columns: m, using: &g)
    let targets = Matrix<Double>.randomNormal(rows: d, columns: m, using: &g)
    var rls = RecursiveLeastSquares<Double>(size: n, regularization: alpha)
    var w = Matrix<Double>(rows: d, columns: n)
    for t in 0..<m {
      let r = regressors.column(t)
      let prior = (0..<d).map { o in (0..<n).reduce(0.0) { $0 + w[o, $1] * r[$1] } - targets[o, t] }
      rls.update(readout: &w, regressor: r, error: prior)
    }
    // A = alpha I + sum r r^T; P must be its inverse and w^T the solution of A w^T = R f^T.
    var a = regressors * regressors.transposed
    a.addDiagonal(alpha, count: n)
    let identity = rls.inverseCorrelation * a
    #expect(FiniteDifferences.relativeError(identity, Matrix.identity(n)) < 1e-12)
    let residual = a * w.transposed - regressors * targets.transposed
    #expect(residual.maxAbs < 1e-11 * (regressors * targets.transposed).maxAbs)
  }

  @Test func forceLearnsASingleSine() throws {
    // One period of sin is 600 steps (60 s at dt = 0.1); a chaotic network (g = 1.5) with
    // feedback learns it in a few epochs and reproduces it with learning off.
    let samples = 600
    let values = (0..<samples).map { Double.sin(2 * Double.pi * Double($0) / Double(samples)) }
    let target = try ForceTarget(values: values, samples: samples, outputs: 1)
    var net = ForceNetwork<Double>.random(
      size: 200, outputs: 1, gain: 1.5, density: 0.1, step: 0.1, seed: 1)
    let result = try ForceTraining.train(
      &net, target: target, epochs: 6, testEpochs: 2, learnEvery: 2, regularization: 1,
      seed: 1, starts: 4)
    #expect(result.validationMAE.last! < 0.05, "validation MAE \(result.validationMAE)")
    #expect(result.trainMAE.last! < result.trainMAE.first!, "train MAE \(result.trainMAE)")
    #expect(result.starts.count == 4 && result.startSteps.count == 4)
    #expect(Set(result.startSteps).count == 4 && result.startSteps.allSatisfy { $0 < 2 * samples })
  }

  @Test func fourSineTargetFollowsItsFormula() throws {
    let target = try ForceTarget.fourSine(seed: 7)
    #expect(target.samples == 1200 && target.outputs == 1)
    #expect(target.frequencies.count == 4 && target.frequencies.allSatisfy { (1...5).contains($0) })
    #expect(target.amplitudes.count == 4 && target.amplitudes.allSatisfy { (1...10).contains($0) })
    let raw = (0..<1200).map { s in
      (0..<4).reduce(0.0) {
        $0 + Double(target.amplitudes[$1])
          * Double.sin(Double.pi * Double(target.frequencies[$1]) * Double(s) * 0.1 / 60)
      }
    }
    let peak = raw.map(abs).max()!
    #expect(zip(target.values, raw).allSatisfy { abs($0 - $1 / peak) < 1e-12 })
    #expect(abs(target.values.map(abs).max()! - 1) < 1e-15)
    #expect(try ForceTarget.fourSine(seed: 7) == target)
    // The study draws many targets: their components must vary with the seed.
    let drawn = try (0..<20).map { try ForceTarget.fourSine(seed: UInt64($0)).frequencies }
    #expect(Set(drawn.map { $0.description }).count > 10)
    #expect(throws: ForceError.self) { try ForceTarget.fourSine(seed: 0, frequencies: 0...5) }
  }

  @Test func fileTargetsHaveOneOrSeveralOutputs() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "force-target-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let one = folder.appendingPathComponent("one.npy")
    try NPY.write(try NDArray(shape: [5], data: [0, 1, 2, 3, 4]), to: one)
    let single = try ForceTarget.load(one)
    #expect(single.samples == 5 && single.outputs == 1 && single.values == [0, 1, 2, 3, 4])
    let two = folder.appendingPathComponent("two.npy")
    try NPY.write(try NDArray(shape: [3, 2], data: [1, 2, 3, 4, 5, 6]), to: two)
    let pair = try ForceTarget.load(two)
    #expect(pair.samples == 3 && pair.outputs == 2 && pair.values[3] == 4)
    let cube = folder.appendingPathComponent("cube.npy")
    try NPY.write(try NDArray(shape: [1, 2, 2], data: [1, 2, 3, 4]), to: cube)
    #expect { try ForceTarget.load(cube) } throws: { "\($0)".contains("[1, 2, 2]") }
    let nan = folder.appendingPathComponent("nan.npy")
    try NPY.write(try NDArray(shape: [3], data: [1, .nan, 3]), to: nan)
    #expect { try ForceTarget.load(nan) } throws: { "\($0)".contains("sample 1") }
  }
}
