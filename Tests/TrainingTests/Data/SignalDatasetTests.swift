import Foundation
import LinearAlgebra
import TensorIO
import Testing
import Training

/// 12 frames of 2 dimensions. The first 6 (the train split with splits 0.5/0.25) alternate
/// so that dimension 0 has mean 2 and std 1, dimension 1 mean 2 and std 2.
private let handFrames: [[Double]] = [
  [1, 0], [3, 4], [1, 0], [3, 4], [1, 0], [3, 4],
  [5, 6], [2, 2], [0, -2], [4, 8], [6, 0], [8, 10],
]
/// `(x - 2) / 1` and `(x - 2) / 2`, by hand.
private let handNormalized: [[Double]] = [
  [-1, -1], [1, 1], [-1, -1], [1, 1], [-1, -1], [1, 1],
  [3, 2], [0, 0], [-2, -2], [2, 3], [4, -1], [6, 4],
]

private func handArray() throws -> NDArray<Double> {
  try NDArray(shape: [12, 2], data: handFrames.flatMap { $0 })
}

private func targets<S>(_ batch: SequenceBatch<S>) -> [Matrix<S>] {
  guard case .valuesPerStep(let values) = batch.targets else {
    Issue.record("expected per-step value targets, got \(batch.targets)")
    return []
  }
  return values
}

@Suite struct SignalDatasetArrayTests {
  @Test func handMadeArrayGivesTheExpectedWindowsAndValues() throws {
    let data = try SignalDataset(array: handArray(), sequenceLength: 2, splits: (0.5, 0.25))
    #expect(data.dimensions == 2)
    #expect(data.inputSize == 2 && data.outputSize == 2)
    #expect(data.targetKind == .valuesPerStep)
    #expect(data.frameCount == 12)
    #expect(data.mean == [2, 2])
    #expect(data.std == [1, 2])
    #expect(data.range(of: .train) == 0..<6)
    #expect(data.range(of: .validation) == 6..<9)
    #expect(data.range(of: .test) == 9..<12)
    #expect(splitCounts(data) == [2, 1, 1])
    for frame in 0..<12 {
      for dimension in 0..<2 {
        #expect(
          data.normalizedValue(frame: frame, dimension: dimension)
            == handNormalized[frame][dimension])
      }
    }
    // (split, sequence, first frame): train 1 starts at 2, validation 0 at 6, test 0 at 9.
    for (split, index, start) in [(DataSplit.train, 1, 2), (.validation, 0, 6), (.test, 0, 9)] {
      let batch = data.batch(split, indices: [index], as: Double.self)
      #expect(batch.steps == 2 && batch.size == 1)
      #expect(batch.inputs.map(\.storage) == [handNormalized[start], handNormalized[start + 1]])
      #expect(
        targets(batch).map(\.storage) == [handNormalized[start + 1], handNormalized[start + 2]])
    }
    let both = data.batch(.train, indices: [1, 0], as: Float.self)
    #expect(both.inputs[0] == Matrix(rowMajor: [[-1, -1], [-1, -1]]))
    #expect(both.inputs[1] == Matrix(rowMajor: [[1, 1], [1, 1]]))
  }

  @Test func float32FileLoadsLikeTheArray() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("signal.npy")
      try NPY.write(
        NDArray(shape: [12, 2], data: handFrames.flatMap { $0 }.map(Float.init)), to: url)
      let data = try SignalDataset(url: url, sequenceLength: 2, splits: (0.5, 0.25))
      #expect(data.mean == [2, 2] && data.std == [1, 2])
      #expect(data.normalizedValue(frame: 11, dimension: 1) == 4)
    }
  }

  @Test func trainSplitIsStandardizedWithItsOwnStatistics() throws {
    // Three dimensions with different offsets and scales, and a drift so that the
    // validation and test parts have other statistics than train.
    var generator = SeededGenerator(seed: 11)
    let (frames, d) = (500, 3)
    var raw: [Double] = []
    for t in 0..<frames {
      for i in 0..<d {
        raw.append(Double(i * 10 - 5) + Double(i + 1) * generator.nextNormal() + 0.01 * Double(t))
      }
    }
    let data = try SignalDataset(array: NDArray(shape: [frames, d], data: raw), sequenceLength: 7)
    #expect(data.range(of: .train) == 0..<400)
    for i in 0..<d {
      // Reference statistics by a different formula: E[x^2] - E[x]^2.
      let column = (0..<400).map { raw[$0 * d + i] }
      let mean = column.reduce(0, +) / 400
      let std = (column.map { $0 * $0 }.reduce(0, +) / 400 - mean * mean).squareRoot()
      #expect(abs(data.mean[i] - mean) < 1e-9)
      #expect(abs(data.std[i] - std) < 1e-9)
      let normalized = (0..<400).map { data.normalizedValue(frame: $0, dimension: i) }
      let normalizedMean = normalized.reduce(0, +) / 400
      let normalizedVariance = normalized.map { $0 * $0 }.reduce(0, +) / 400
      #expect(abs(normalizedMean) < 1e-12)
      #expect(abs(normalizedVariance - 1) < 1e-12)
      // Validation frames use the train statistics, so with the drift their mean is not 0.
      let validation = (400..<450).map { data.normalizedValue(frame: $0, dimension: i) }
      #expect(abs(validation.reduce(0, +) / 50) > 0.05)
      let expected = (raw[450 * d + i] - mean) / std
      #expect(abs(data.normalizedValue(frame: 450, dimension: i) - expected) < 1e-9)
    }
    // (400 - 1) / 7 = 57, (50 - 1) / 7 = 7.
    #expect(splitCounts(data) == [57, 7, 7])
  }

  @Test func constantDimensionIsOnlyCentered() throws {
    let frames = (0..<20).map { [Double($0 % 2), 5] }
    let data = try SignalDataset(
      array: NDArray(shape: [20, 2], data: frames.flatMap { $0 }), sequenceLength: 1)
    #expect(data.mean == [0.5, 5])
    #expect(data.std == [0.5, 1])
    #expect(data.normalizedValue(frame: 3, dimension: 0) == 1)
    #expect(data.normalizedValue(frame: 3, dimension: 1) == 0)
  }
}

@Suite struct SignalDatasetLorenz96Tests {
  @Test func defaultGeneratorShapeSplitsAndStatistics() throws {
    let data = try SignalDataset.lorenz96(seed: 1)
    // 20,000 integration steps sampled every 5: 4,000 frames of 20 dimensions.
    #expect(data.frameCount == 4000)
    #expect(data.dimensions == 20)
    #expect(data.range(of: .train) == 0..<3200)
    #expect(splitCounts(data) == [31, 3, 3])
    let meanOfMeans = data.mean.reduce(0, +) / 20
    let meanOfStds = data.std.reduce(0, +) / 20
    #expect(abs(meanOfMeans - 2.3) < 0.5)
    #expect(meanOfStds > 2.5 && meanOfStds < 4.5)
  }

  @Test func reproducibleBySeedAndDifferentAcrossSeeds() throws {
    let a = try SignalDataset.lorenz96Trajectory(steps: 2000, seed: 5)
    let b = try SignalDataset.lorenz96Trajectory(steps: 2000, seed: 5)
    let c = try SignalDataset.lorenz96Trajectory(steps: 2000, seed: 6)
    #expect(a.shape == [400, 20])
    #expect(a == b)
    #expect(a.data != c.data)
    let first = try SignalDataset.lorenz96(steps: 2000, seed: 5, sequenceLength: 10)
    let second = try SignalDataset.lorenz96(steps: 2000, seed: 5, sequenceLength: 10)
    #expect(first.mean == second.mean)
    #expect(
      first.batch(.test, indices: [0, 1], as: Double.self).inputs
        == second.batch(.test, indices: [0, 1], as: Double.self).inputs)
  }

  @Test func longRunIsBoundedWithTheKnownMeanAndEnergyBalance() throws {
    let forcing = 8.0
    let trajectory = try SignalDataset.lorenz96Trajectory(
      dimensions: 20, forcing: forcing, steps: 200_000, sampleEvery: 10, seed: 3)
    let x = trajectory.data
    #expect(x.count == 20_000 * 20)
    #expect(x.allSatisfy { abs($0) < 25 })
    let mean = x.reduce(0, +) / Double(x.count)
    let meanSquare = x.map { $0 * $0 }.reduce(0, +) / Double(x.count)
    // Known statistic of Lorenz-96 at F = 8: mean(x_i) about 2.3.
    #expect(abs(mean - 2.3) < 0.5)
    // The advection term conserves sum x_i^2 / 2, so d/dt energy = -sum x^2 + F sum x and a
    // stationary orbit has mean(x^2) = F mean(x); a sign error in the advection breaks this.
    #expect(abs(meanSquare - forcing * mean) / (forcing * mean) < 0.03)
  }

  @Test func firstStepsMatchAnIndependentRK4() throws {
    let (n, forcing, dt) = (6, 8.0, 0.01)
    let trajectory = try SignalDataset.lorenz96Trajectory(
      dimensions: n, forcing: forcing, steps: 50, sampleEvery: 1, dt: dt, transient: 0, seed: 9)
    // The documented start: x_i = F + 0.01 z_i, z_i standard normals from the seed.
    var generator = SeededGenerator(seed: 9)
    var x = (0..<n).map { _ in forcing + 0.01 * generator.nextNormal() }
    func f(_ x: [Double]) -> [Double] {
      func at(_ i: Int) -> Double { x[((i % n) + n) % n] }
      return (0..<n).map { i in (at(i + 1) - at(i - 2)) * at(i - 1) - at(i) + forcing }
    }
    func plus(_ a: [Double], _ b: [Double], _ scale: Double) -> [Double] {
      zip(a, b).map { $0 + scale * $1 }
    }
    for frame in 0..<50 {
      let k1 = f(x)
      let k2 = f(plus(x, k1, dt / 2))
      let k3 = f(plus(x, k2, dt / 2))
      let k4 = f(plus(x, k3, dt))
      x = (0..<n).map { x[$0] + dt / 6 * (k1[$0] + 2 * k2[$0] + 2 * k3[$0] + k4[$0]) }
      let generated = Array(trajectory.data[(frame * n)..<((frame + 1) * n)])
      #expect(zip(generated, x).allSatisfy { abs($0 - $1) < 1e-12 }, "frame \(frame)")
    }
  }

  @Test func targetsAreTheNextFramesInputs() throws {
    let data = try SignalDataset.lorenz96(steps: 4000, seed: 2, sequenceLength: 25)
    let batch = data.batch(.train, indices: [0, 1, 2], as: Double.self)
    let next = targets(batch)
    #expect(batch.steps == 25 && next.count == 25)
    #expect(batch.inputs.allSatisfy { $0.rows == 20 && $0.columns == 3 })
    for t in 0..<24 { #expect(next[t] == batch.inputs[t + 1]) }
    // The last target of window i is the first input of window i + 1.
    for column in 0..<2 {
      #expect(next[24].column(column) == batch.inputs[0].column(column + 1))
    }
  }
}

@Suite struct SignalDatasetErrorTests {
  @Test(arguments: [[2, 3, 4], [24], [12, 0]])
  func arraysThatAreNotStepsByDimensions(shape: [Int]) throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let url = directory.appendingPathComponent("signal.npy")
      let count = shape.reduce(1, *)
      try NPY.write(NDArray(shape: shape, data: (0..<count).map(Double.init)), to: url)
      let error = expectDataError(mentioning: [url.path, "\(shape)", "[steps, dimensions]"]) {
        _ = try SignalDataset(url: url)
      }
      #expect(error == .wrongSignalShape(source: "'\(url.path)'", shape: shape))
    }
  }

  @Test func nonFiniteValuesNameTheFrame() throws {
    var values = handFrames.flatMap { $0 }
    values[7] = .nan  // frame 3, dimension 1
    let error = expectDataError(mentioning: ["step 3", "dimension 1"]) {
      _ = try SignalDataset(array: NDArray(shape: [12, 2], data: values), sequenceLength: 2)
    }
    #expect(error == .nonFiniteValue(source: "the signal", step: 3, dimension: 1))
  }

  @Test func tooShortOrBadSequenceLength() throws {
    expectDataError(mentioning: ["validation", "1 steps", "3"]) {
      _ = try SignalDataset(array: handArray(), sequenceLength: 2)
    }
    expectDataError(mentioning: ["0", "at least 1"]) {
      _ = try SignalDataset(array: handArray(), sequenceLength: 0)
    }
  }

  @Test func missingFileIsATensorIOError() throws {
    #expect(throws: TensorIOError.self) {
      _ = try SignalDataset(url: URL(fileURLWithPath: "/nonexistent/signal.npy"))
    }
  }

  @Test func invalidGeneratorOptions() throws {
    expectDataError(mentioning: ["dimensions 3", "4 or more"]) {
      _ = try SignalDataset.lorenz96Trajectory(dimensions: 3, seed: 1)
    }
    expectDataError(mentioning: ["dt 0.0", "positive"]) {
      _ = try SignalDataset.lorenz96Trajectory(dt: 0, seed: 1)
    }
    expectDataError(mentioning: ["sampleEvery 0"]) {
      _ = try SignalDataset.lorenz96Trajectory(sampleEvery: 0, seed: 1)
    }
    expectDataError(mentioning: ["steps 4", "sampleEvery (5)"]) {
      _ = try SignalDataset.lorenz96Trajectory(steps: 4, seed: 1)
    }
    expectDataError(mentioning: ["dt 0.5", "diverged", "smaller time step"]) {
      _ = try SignalDataset.lorenz96Trajectory(dt: 0.5, seed: 1)
    }
  }
}
