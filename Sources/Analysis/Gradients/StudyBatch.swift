import Foundation
import LinearAlgebra
import TensorIO
import Training

/// The sequences and classes a gradient or perturbation study runs on.
public struct StudyBatch: Sendable {
  /// `[step]` of `M x B`.
  public var inputs: [Matrix<Double>]
  /// B classes.
  public var classes: [Int]

  public init(inputs: [Matrix<Double>], classes: [Int]) {
    self.inputs = inputs
    self.classes = classes
  }

  /// Sequences `first ..< first + count` of the validation part of an SMNIST dataset.
  /// - Throws: ``GradientStudyError/invalidValue(name:value:hint:)`` when they do not fit.
  public init(validationOf data: MNISTSequenceDataset, first: Int, count: Int) throws {
    let available = data.count(.validation)
    guard first >= 0, count >= 1, first + count <= available else {
      throw GradientStudyError.invalidValue(
        name: "images", value: "\(first)..<\(first + count)",
        hint: "the validation part holds images 0..<\(available); lower the first index or count")
    }
    let batch = data.batch(.validation, indices: Array(first..<(first + count)), as: Double.self)
    guard case .classAtEnd(let classes) = batch.targets else {
      preconditionFailure("SMNIST has one class per sequence")
    }
    self.init(inputs: batch.inputs, classes: classes)
  }

  /// Inputs `[batch, steps, features]` and one integral class per sequence (`[batch]`, any
  /// numeric dtype; NumPy's int64 included).
  /// - Throws: ``GradientStudyError/invalidValue(name:value:hint:)`` for wrong shapes,
  ///   non-finite inputs or non-integral classes.
  public init(inputs x: NDArray<Double>, targets y: NDArray<Double>) throws {
    guard x.shape.count == 3, x.shape.allSatisfy({ $0 > 0 }) else {
      throw GradientStudyError.invalidValue(
        name: "inputs shape", value: "\(x.shape)", hint: "need [batch, steps, features]")
    }
    let (b, steps, m) = (x.shape[0], x.shape[1], x.shape[2])
    guard y.shape == [b] else {
      throw GradientStudyError.invalidValue(
        name: "targets shape", value: "\(y.shape)", hint: "need [\(b)]: one class per sequence")
    }
    if let bad = x.data.firstIndex(where: { !$0.isFinite }) {
      throw GradientStudyError.invalidValue(
        name: "input at flat index \(bad)", value: "\(x.data[bad])", hint: "inputs must be finite")
    }
    if let bad = y.data.firstIndex(where: { $0.rounded() != $0 || abs($0) > 1e9 }) {
      throw GradientStudyError.invalidValue(
        name: "target \(bad)", value: "\(y.data[bad])", hint: "classes are integers")
    }
    let inputs = (0..<steps).map { t in
      var step = Matrix<Double>(rows: m, columns: b)
      for j in 0..<b { for f in 0..<m { step[f, j] = x.data[(j * steps + t) * m + f] } }
      return step
    }
    self.init(inputs: inputs, classes: y.data.map { Int($0) })
  }
}
