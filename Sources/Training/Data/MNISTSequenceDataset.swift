import Foundation
import LinearAlgebra
import TensorIO

/// Sequential MNIST (task `smnist`): a 28 x 28 digit image read as a sequence, classified
/// after the last step.
///
/// **Layouts.** ``Layout/rows`` feeds image row `t` (28 pixels) at step `t`: 28 steps of 28
/// features. ``Layout/pixels`` feeds one pixel per step in row-major order: 784 steps of 1
/// feature, the long-memory benchmark; with a `permutationSeed` the 784 positions are first
/// shuffled by one fixed permutation (permuted sequential MNIST, psMNIST), drawn by a
/// Fisher–Yates shuffle from ``SeededGenerator`` so the same seed gives the same task on
/// every machine. Pixel values are scaled to `[0, 1]` (`value / 255`).
///
/// **Splits.** Train is the first `trainCount` images of the file and validation the last
/// `validationCount`, so `(trainCount: 8000, validationCount: 2000)` on the 10,000-image MNIST
/// test set means images `0..<8000` for training and `8000..<10000` for validation. With
/// both counts `nil` the last 20% (`n / 5`) are validation and the rest train; with only one
/// given, the other takes the rest of the file. Images between the two parts (when the counts
/// sum to less than the file) are unused. The test split is always empty: MNIST ships its
/// test images as a separate file, so a test evaluation is a second dataset built from
/// those files (whose train split is then the whole file when `validationCount` is 0).
///
/// The images stay as bytes (784 per image); batches are scaled on demand. Targets are
/// ``BatchTargets/classAtEnd(_:)`` digit classes, `outputSize` 10.
public struct MNISTSequenceDataset: SequenceDataset {
  /// How an image becomes a sequence.
  public enum Layout: String, Sendable, Codable, CaseIterable {
    /// 28 steps, image row `t` (28 features) at step `t`.
    case rows
    /// 784 steps of one pixel each, row-major (then permuted when a seed is given).
    case pixels
  }

  /// Image side length.
  public static let side = 28
  /// Pixels per image.
  public static let pixelCount = 784

  /// How images are read as sequences.
  public let layout: Layout
  /// For the pixels layout with a seed: step `t` reads pixel `permutation[t]` (row-major
  /// position `row * 28 + column`); `nil` for the natural order.
  public let permutation: [Int]?
  /// Images in the file.
  public let imageCount: Int
  /// Images in the train split (the first ones of the file).
  public let trainCount: Int
  /// Images in the validation split (the last ones of the file).
  public let validationCount: Int

  public var inputSize: Int { layout == .rows ? Self.side : 1 }
  public var outputSize: Int { 10 }
  public var targetKind: TargetKind { .classAtEnd }
  /// Steps per sequence: 28 (rows) or 784 (pixels).
  public var steps: Int { layout == .rows ? Self.side : Self.pixelCount }

  private let pixels: [UInt8]
  private let labels: [UInt8]

  /// Loads MNIST-style IDX files (gzip-compressed or not).
  ///
  /// - Parameters:
  ///   - images: an IDX file of unsigned bytes with shape `[n, 28, 28]`.
  ///   - labels: an IDX file of unsigned bytes with shape `[n]`, values `0...9`.
  ///   - layout: rows (28 x 28 features) or pixels (784 x 1).
  ///   - permutationSeed: pixels layout only; the seed of a fixed pixel permutation.
  ///   - trainCount: images for training, taken from the start; see the type's discussion
  ///     for the default.
  ///   - validationCount: images for validation, taken from the end.
  /// - Throws: `TensorIOError` when a file is unreadable or not a well-formed IDX file of
  ///   bytes; ``DataError/wrongImageShape(path:shape:)``, ``DataError/wrongLabelShape(path:shape:)``,
  ///   ``DataError/countMismatch(images:imageCount:labels:labelCount:)``,
  ///   ``DataError/labelOutOfRange(path:index:value:)``, ``DataError/negativeCount(name:value:)``,
  ///   ``DataError/countsExceedData(train:validation:available:)``, or
  ///   ``DataError/invalidOption(name:value:hint:)`` for a seed with the rows layout.
  public init(
    images: URL, labels: URL, layout: Layout = .rows, permutationSeed: UInt64? = nil,
    trainCount: Int? = nil, validationCount: Int? = nil
  ) throws {
    if let seed = permutationSeed, layout == .rows {
      throw DataError.invalidOption(
        name: "permutation seed", value: "\(seed)",
        hint: "a pixel permutation applies to the pixels layout only; omit the seed or use "
          + "the pixels layout")
    }
    for case let (name, count?) in [
      ("train count", trainCount), ("validation count", validationCount),
    ]
    where count < 0 {
      throw DataError.negativeCount(name: name, value: count)
    }
    // The headers first: counts that disagree, or data that would not fit in memory, are
    // refused before anything is inflated.
    let (declaredImages, declaredLabels) = (try IDX.readShape(images), try IDX.readShape(labels))
    if declaredImages.count == 3, declaredLabels.count == 1, declaredImages[0] != declaredLabels[0]
    {
      throw DataError.countMismatch(
        images: images.path, imageCount: declaredImages[0], labels: labels.path,
        labelCount: declaredLabels[0])
    }
    // The inflated bytes, their copy as pixels and the Float images of a batch at most.
    let imageBytes = declaredImages.reduce(1.0) { $0 * Double($1) }
    try MemoryBudget.check(
      bytes: 3 * imageBytes, name: "images", value: images.path,
      what: "\(declaredImages.first ?? 0) images of \(declaredImages.dropFirst()) pixels")
    let (imageShape, pixels) = try IDX.read(images)
    guard imageShape.count == 3, imageShape[1] == Self.side, imageShape[2] == Self.side else {
      throw DataError.wrongImageShape(path: images.path, shape: imageShape)
    }
    let (labelShape, labelValues) = try IDX.read(labels)
    guard labelShape.count == 1 else {
      throw DataError.wrongLabelShape(path: labels.path, shape: labelShape)
    }
    let n = imageShape[0]
    guard labelShape[0] == n else {
      throw DataError.countMismatch(
        images: images.path, imageCount: n, labels: labels.path, labelCount: labelShape[0])
    }
    if let bad = labelValues.firstIndex(where: { $0 > 9 }) {
      throw DataError.labelOutOfRange(path: labels.path, index: bad, value: Int(labelValues[bad]))
    }
    let validation = validationCount ?? trainCount.map { max(0, n - $0) } ?? n / 5
    let train = trainCount ?? max(0, n - validation)
    guard train <= n && validation <= n - train else {
      throw DataError.countsExceedData(train: train, validation: validation, available: n)
    }
    self.layout = layout
    self.permutation = permutationSeed.map { Self.permutation(seed: $0) }
    self.imageCount = n
    self.trainCount = train
    self.validationCount = validation
    self.pixels = pixels
    self.labels = labelValues
  }

  /// The images (positions in the file) of `split`.
  public func imageRange(_ split: DataSplit) -> Range<Int> {
    switch split {
    case .train: return 0..<trainCount
    case .validation: return (imageCount - validationCount)..<imageCount
    case .test: return imageCount..<imageCount
    }
  }

  public func count(_ split: DataSplit) -> Int { imageRange(split).count }

  /// The digit class of sequence `index` of `split`.
  public func label(_ split: DataSplit, sequence index: Int) -> Int {
    Int(labels[image(split, index)])
  }

  /// Sequences `indices` of `split`: 28 matrices of `28 x B` (rows) or 784 of `1 x B`
  /// (pixels), values in `[0, 1]`, and each image's class.
  ///
  /// - Precondition: every index is in `0..<count(split)`.
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  public func batch<S: BLASScalar>(
    _ split: DataSplit, indices: [Int], as: S.Type
  ) -> SequenceBatch<S> {
    let images = indices.map { image(split, $0) }
    let scale = (0...255).map { S($0) / 255 }
    let b = images.count
    let side = Self.side
    var inputs: [Matrix<S>]
    switch layout {
    case .rows:
      inputs = (0..<side).map { t in
        var step = Matrix<S>(rows: side, columns: b)
        for (column, image) in images.enumerated() {
          let offset = image * Self.pixelCount + t * side
          for feature in 0..<side {
            step.storage[feature + column * side] = scale[Int(pixels[offset + feature])]
          }
        }
        return step
      }
    case .pixels:
      inputs = (0..<Self.pixelCount).map { t in
        let position = permutation?[t] ?? t
        return Matrix(
          rows: 1, columns: b,
          storage: images.map { scale[Int(pixels[$0 * Self.pixelCount + position])] })
      }
    }
    return SequenceBatch(inputs: inputs, targets: .classAtEnd(images.map { Int(labels[$0]) }))
  }

  /// The file position of sequence `index` of `split`.
  private func image(_ split: DataSplit, _ index: Int) -> Int {
    let range = imageRange(split)
    precondition(
      index >= 0 && index < range.count,
      "sequence index \(index) is outside 0..<\(range.count) of the \(split.rawValue) split")
    return range.lowerBound + index
  }

  /// A uniformly random permutation of `0..<784` fixed by `seed` (Fisher–Yates, drawing
  /// each position without modulo bias so every permutation is equally likely).
  public static func permutation(seed: UInt64) -> [Int] {
    var generator = SeededGenerator(seed: seed)
    var order = Array(0..<pixelCount)
    order.shuffleStably(using: &generator)
    return order
  }
}
