import Foundation
import LinearAlgebra
import TensorIO
import Testing
import Training

private let mnistImages = DataTestFiles.data.appendingPathComponent(
  "mnist/t10k-images-idx3-ubyte.gz")
private let mnistLabels = DataTestFiles.data.appendingPathComponent(
  "mnist/t10k-labels-idx1-ubyte.gz")

/// The raw test set through TensorIO's reader: bytes of all images, and the labels.
private let mnistRaw: (pixels: [UInt8], labels: [Int]) = {
  let pixels = try! IDX.read(mnistImages).values
  let labels = try! IDX.read(mnistLabels).values.map(Int.init)
  return (pixels, labels)
}()

private func classes<S>(_ batch: SequenceBatch<S>) -> [Int] {
  guard case .classAtEnd(let classes) = batch.targets else {
    Issue.record("expected class-at-end targets, got \(batch.targets)")
    return []
  }
  return classes
}

/// All targets of `split`, batched 1000 at a time.
private func allTargets(_ data: MNISTSequenceDataset, _ split: DataSplit) -> [Int] {
  stride(from: 0, to: data.count(split), by: 1000).flatMap { start in
    let indices = Array(start..<min(start + 1000, data.count(split)))
    return classes(data.batch(split, indices: indices, as: Float.self))
  }
}

/// The pixels of sequence column `column` of `batch`, step by step.
private func sequence<S>(_ batch: SequenceBatch<S>, column: Int) -> [S] {
  batch.inputs.flatMap { $0.column(column) }
}

@Suite struct MNISTSequenceDatasetTests {
  @Test func evidenceRunSplitIsFirst8000AndLast2000() throws {
    let data = try MNISTSequenceDataset(
      images: mnistImages, labels: mnistLabels, trainCount: 8000, validationCount: 2000)
    #expect(data.imageCount == 10_000)
    #expect(data.count(.train) == 8000)
    #expect(data.count(.validation) == 2000)
    #expect(data.count(.test) == 0)
    #expect(data.outputSize == 10)
    #expect(data.targetKind == .classAtEnd)
    let train = allTargets(data, .train)
    let validation = allTargets(data, .validation)
    #expect(train.first == 7)  // the first MNIST test image is a 7
    #expect(train == Array(mnistRaw.labels[0..<8000]))
    #expect(validation == Array(mnistRaw.labels[8000..<10_000]))
    #expect(data.label(.validation, sequence: 0) == mnistRaw.labels[8000])
  }

  @Test func defaultSplitIsTheLastFifthForValidation() throws {
    let data = try MNISTSequenceDataset(images: mnistImages, labels: mnistLabels)
    #expect(data.imageRange(.train) == 0..<8000)
    #expect(data.imageRange(.validation) == 8000..<10_000)
    #expect(data.count(.test) == 0)
  }

  @Test func smallerCountsTakeTheStartAndTheEnd() throws {
    let data = try MNISTSequenceDataset(
      images: mnistImages, labels: mnistLabels, trainCount: 500, validationCount: 300)
    #expect(allTargets(data, .train) == Array(mnistRaw.labels[0..<500]))
    #expect(allTargets(data, .validation) == Array(mnistRaw.labels[9700..<10_000]))
    let onlyTrain = try MNISTSequenceDataset(
      images: mnistImages, labels: mnistLabels, trainCount: 9000)
    #expect(onlyTrain.count(.validation) == 1000)
    let onlyValidation = try MNISTSequenceDataset(
      images: mnistImages, labels: mnistLabels, validationCount: 0)
    #expect(onlyValidation.count(.train) == 10_000)
  }

  @Test func rowsLayoutFeedsImageRowT() throws {
    let data = try MNISTSequenceDataset(
      images: mnistImages, labels: mnistLabels, trainCount: 8000, validationCount: 2000)
    #expect(data.inputSize == 28)
    #expect(data.steps == 28)
    let batch = data.batch(.validation, indices: [1999, 0, 5], as: Double.self)
    #expect(batch.steps == 28)
    #expect(batch.size == 3)
    for (column, image) in [9999, 8000, 8005].enumerated() {
      for t in 0..<28 {
        #expect(batch.inputs[t].rows == 28)
        let offset = image * 784 + 28 * t
        let row = mnistRaw.pixels[offset..<(offset + 28)].map { Double($0) / 255 }
        #expect(batch.inputs[t].column(column) == row)
      }
    }
    #expect(classes(batch) == [9999, 8000, 8005].map { mnistRaw.labels[$0] })
    let values = batch.inputs.flatMap(\.storage)
    #expect(values.min() == 0 && values.max() == 1)
  }

  @Test func pixelsLayoutIsRowMajor() throws {
    let data = try MNISTSequenceDataset(
      images: mnistImages, labels: mnistLabels, layout: .pixels)
    #expect(data.inputSize == 1)
    #expect(data.steps == 784)
    #expect(data.permutation == nil)
    let batch = data.batch(.train, indices: [0, 42], as: Float.self)
    #expect(batch.steps == 784)
    #expect(batch.inputs.allSatisfy { $0.rows == 1 && $0.columns == 2 })
    for (column, image) in [0, 42].enumerated() {
      let expected = mnistRaw.pixels[(image * 784)..<((image + 1) * 784)].map { Float($0) / 255 }
      #expect(sequence(batch, column: column) == expected)
    }
  }

  @Test func permutedPixelsAreAReproduciblePermutation() throws {
    func load(_ seed: UInt64) throws -> MNISTSequenceDataset {
      try MNISTSequenceDataset(
        images: mnistImages, labels: mnistLabels, layout: .pixels, permutationSeed: seed)
    }
    let first = try load(1)
    let again = try load(1)
    let other = try load(2)
    let permutation = try #require(first.permutation)
    #expect(permutation.sorted() == Array(0..<784))
    #expect(permutation != Array(0..<784))
    #expect(again.permutation == permutation)
    #expect(other.permutation != permutation)

    let indices = [0, 1, 7]
    let batch = first.batch(.train, indices: indices, as: Double.self)
    let batchAgain = again.batch(.train, indices: indices, as: Double.self)
    let batchOther = other.batch(.train, indices: indices, as: Double.self)
    for (column, image) in indices.enumerated() {
      let pixels = mnistRaw.pixels[(image * 784)..<((image + 1) * 784)].map { Double($0) / 255 }
      let permuted = sequence(batch, column: column)
      #expect(permuted.sorted() == pixels.sorted())
      #expect(permuted != pixels)
      #expect(permuted == permutation.map { pixels[$0] })
      #expect(sequence(batchAgain, column: column) == permuted)
      #expect(sequence(batchOther, column: column) != permuted)
    }
    #expect(classes(batch) == indices.map { mnistRaw.labels[$0] })
  }
}

/// Small hand-made IDX files for the error paths and the split rules.
@Suite struct MNISTSequenceDatasetFileTests {
  /// Writes images `[n, rows, columns]` (pixel value = image index) and `labels`.
  private func write(
    in directory: URL, imageShape: [Int], labels: [UInt8], labelShape: [Int]? = nil
  ) throws -> (images: URL, labels: URL) {
    let imagesURL = directory.appendingPathComponent("images-idx3-ubyte")
    let labelsURL = directory.appendingPathComponent("labels-idx1-ubyte")
    let perImage = imageShape.dropFirst().reduce(1, *)
    let values = (0..<imageShape[0]).flatMap { [UInt8](repeating: UInt8($0), count: perImage) }
    try DataTestFiles.idxBytes(shape: imageShape, values: values).write(to: imagesURL)
    try DataTestFiles.idxBytes(shape: labelShape ?? [labels.count], values: labels)
      .write(to: labelsURL)
    return (imagesURL, labelsURL)
  }

  @Test func handMadeFilesFollowTheSplitRules() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let files = try write(in: directory, imageShape: [5, 28, 28], labels: [3, 1, 4, 1, 5])
      let data = try MNISTSequenceDataset(images: files.images, labels: files.labels)
      // n / 5 = 1 validation image (the last), 4 train.
      #expect(data.imageRange(.train) == 0..<4)
      #expect(data.imageRange(.validation) == 4..<5)
      let batch = data.batch(.validation, indices: [0], as: Double.self)
      #expect(classes(batch) == [5])
      #expect(batch.inputs.allSatisfy { $0.storage.allSatisfy { $0 == 4.0 / 255 } })
      let gap = try MNISTSequenceDataset(
        images: files.images, labels: files.labels, trainCount: 1, validationCount: 2)
      #expect(classes(gap.batch(.train, indices: [0], as: Float.self)) == [3])
      #expect(classes(gap.batch(.validation, indices: [0, 1], as: Float.self)) == [1, 5])
    }
  }

  @Test func imageAndLabelCountsDiffer() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let files = try write(in: directory, imageShape: [3, 28, 28], labels: [1, 2])
      let error = expectDataError(mentioning: ["3 images", "2 labels", files.labels.path]) {
        _ = try MNISTSequenceDataset(images: files.images, labels: files.labels)
      }
      #expect(
        error
          == .countMismatch(
            images: files.images.path, imageCount: 3, labels: files.labels.path, labelCount: 2))
    }
  }

  @Test(arguments: [[2, 27, 28], [2, 28, 14], [2, 784]])
  func imagesThatAreNot28By28(shape: [Int]) throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let files = try write(in: directory, imageShape: shape, labels: [1, 2])
      let error = expectDataError(mentioning: ["\(shape)", "[n, 28, 28]"]) {
        _ = try MNISTSequenceDataset(images: files.images, labels: files.labels)
      }
      #expect(error == .wrongImageShape(path: files.images.path, shape: shape))
    }
  }

  @Test func labelsOutside0To9() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let files = try write(in: directory, imageShape: [3, 28, 28], labels: [9, 0, 10])
      let error = expectDataError(mentioning: ["label 2", "10", "0...9"]) {
        _ = try MNISTSequenceDataset(images: files.images, labels: files.labels)
      }
      #expect(error == .labelOutOfRange(path: files.labels.path, index: 2, value: 10))
    }
  }

  @Test func labelsThatAreNotOneDimensional() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let files = try write(
        in: directory, imageShape: [2, 28, 28], labels: [1, 2], labelShape: [2, 1])
      expectDataError(mentioning: ["[2, 1]", "[n]"]) {
        _ = try MNISTSequenceDataset(images: files.images, labels: files.labels)
      }
    }
  }

  @Test func countsThatExceedTheData() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let files = try write(in: directory, imageShape: [4, 28, 28], labels: [1, 2, 3, 4])
      let error = expectDataError(mentioning: ["3", "2", "5", "4 examples"]) {
        _ = try MNISTSequenceDataset(
          images: files.images, labels: files.labels, trainCount: 3, validationCount: 2)
      }
      #expect(error == .countsExceedData(train: 3, validation: 2, available: 4))
      // Counts whose sum would overflow are refused, not trapped on.
      expectDataError(mentioning: ["9223372036854775807"]) {
        _ = try MNISTSequenceDataset(
          images: files.images, labels: files.labels, trainCount: .max, validationCount: 1)
      }
      expectDataError(mentioning: ["5", "4"]) {
        _ = try MNISTSequenceDataset(images: files.images, labels: files.labels, trainCount: 5)
      }
      expectDataError(mentioning: ["validation count", "-1"]) {
        _ = try MNISTSequenceDataset(
          images: files.images, labels: files.labels, validationCount: -1)
      }
    }
  }

  @Test func permutationSeedNeedsThePixelsLayout() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let files = try write(in: directory, imageShape: [2, 28, 28], labels: [1, 2])
      expectDataError(mentioning: ["permutation seed", "7", "pixels"]) {
        _ = try MNISTSequenceDataset(
          images: files.images, labels: files.labels, layout: .rows, permutationSeed: 7)
      }
    }
  }

  @Test func unreadableAndMalformedFilesAreTensorIOErrors() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let files = try write(in: directory, imageShape: [2, 28, 28], labels: [1, 2])
      let missing = directory.appendingPathComponent("missing-idx3-ubyte")
      #expect(throws: TensorIOError.self) {
        _ = try MNISTSequenceDataset(images: missing, labels: files.labels)
      }
      let text = directory.appendingPathComponent("notes.txt")
      try Data("not IDX".utf8).write(to: text)
      #expect(throws: TensorIOError.self) {
        _ = try MNISTSequenceDataset(images: files.images, labels: text)
      }
    }
  }
}
