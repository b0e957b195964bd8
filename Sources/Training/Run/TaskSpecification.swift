import Foundation
import LinearAlgebra

/// The task of a training run and the data it reads: everything needed to rebuild the same
/// ``SequenceDataset`` later (on resume, in a sweep worker, for `lyap spectrum --run-dir`).
///
/// Paths are absolute and standardized, so a run can be resumed from any directory. Fields
/// that do not apply to ``kind`` are nil.
public struct TaskSpecification: Codable, Hashable, Sendable {
  /// The tasks of `lyap train`.
  public enum Kind: String, Codable, CaseIterable, Sendable {
    /// Next character of a UTF-8 text, cross-entropy at every step.
    case charrnn
    /// Sequential MNIST, the class read at the last step.
    case smnist
    /// Next frame of a `[T, D]` signal, MSE or MAE.
    case signal
  }

  public var kind: Kind
  /// charrnn: the text file.
  public var text: String?
  /// smnist: the IDX images and labels.
  public var images: String?
  public var labels: String?
  public var layout: MNISTSequenceDataset.Layout?
  public var permuteSeed: UInt64?
  /// smnist: images for training and validation (resolved counts, not the defaults).
  public var trainCount: Int?
  public var validationCount: Int?
  /// signal: a `[T, D]` .npy file; nil for the built-in Lorenz-96 trajectory of `signalSeed`.
  public var signal: String?
  public var signalSeed: UInt64?
  /// charrnn and signal: steps per sequence.
  public var sequenceLength: Int?
  /// A random share of the training and of the validation windows (charrnn), drawn from
  /// `subsetSeed`; nil for all of them.
  public var subsetFraction: Double?
  public var subsetSeed: UInt64?

  public init(kind: Kind) {
    self.kind = kind
  }

  /// Steps of one validation sequence: 28 or 784 for SMNIST rows or pixels, the sequence
  /// length otherwise.
  public var sequenceSteps: Int {
    switch kind {
    case .smnist:
      return (layout ?? .rows) == .rows
        ? MNISTSequenceDataset.side : MNISTSequenceDataset.pixelCount
    case .charrnn, .signal: return sequenceLength ?? 100
    }
  }

  /// Loads the data.
  ///
  /// - Throws: `DataError` or `TensorIOError` for missing or malformed data.
  public func makeDataset() throws -> any SequenceDataset {
    func url(_ path: String?, _ name: String) throws -> URL {
      guard let path else {
        throw DataError.invalidOption(
          name: name, value: "none", hint: "the \(kind.rawValue) task needs a \(name) file")
      }
      return URL(fileURLWithPath: path)
    }
    let length = sequenceLength ?? 100
    let base: any SequenceDataset
    switch kind {
    case .charrnn:
      base = try CharacterDataset(url: url(text, "text"), sequenceLength: length)
    case .smnist:
      base = try MNISTSequenceDataset(
        images: url(images, "images"), labels: url(labels, "labels"), layout: layout ?? .rows,
        permutationSeed: permuteSeed, trainCount: trainCount, validationCount: validationCount)
    case .signal:
      if let signal {
        base = try SignalDataset(url: URL(fileURLWithPath: signal), sequenceLength: length)
      } else {
        base = try SignalDataset.lorenz96(seed: signalSeed ?? 0, sequenceLength: length)
      }
    }
    guard let fraction = subsetFraction else { return base }
    return try SubsetDataset(base, fraction: fraction, seed: subsetSeed ?? 0)
  }

  /// `path` made absolute against `directory` (or the working directory) and standardized.
  public static func absolute(_ path: String, relativeTo directory: URL? = nil) -> String {
    let url =
      path.hasPrefix("/") || directory == nil
      ? URL(fileURLWithPath: path)
      : URL(fileURLWithPath: path, relativeTo: directory)
    return url.standardizedFileURL.path
  }
}

extension TaskSpecification {
  private enum CodingKeys: String, CodingKey {
    case kind, text, images, labels, layout, permuteSeed, trainCount, validationCount, signal
    case signalSeed, sequenceLength, subsetFraction, subsetSeed
    // Runs written by lyap 0.11 and earlier: a dictionary of strings keyed as the options.
    case task
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    if !c.contains(.kind), c.contains(.task) {
      self = try Self(recorded: decoder.singleValueContainer().decode([String: String].self))
      return
    }
    kind = try c.decode(Kind.self, forKey: .kind)
    text = try c.decodeIfPresent(String.self, forKey: .text)
    images = try c.decodeIfPresent(String.self, forKey: .images)
    labels = try c.decodeIfPresent(String.self, forKey: .labels)
    layout = try c.decodeIfPresent(MNISTSequenceDataset.Layout.self, forKey: .layout)
    permuteSeed = try c.decodeIfPresent(UInt64.self, forKey: .permuteSeed)
    trainCount = try c.decodeIfPresent(Int.self, forKey: .trainCount)
    validationCount = try c.decodeIfPresent(Int.self, forKey: .validationCount)
    signal = try c.decodeIfPresent(String.self, forKey: .signal)
    signalSeed = try c.decodeIfPresent(UInt64.self, forKey: .signalSeed)
    sequenceLength = try c.decodeIfPresent(Int.self, forKey: .sequenceLength)
    subsetFraction = try c.decodeIfPresent(Double.self, forKey: .subsetFraction)
    subsetSeed = try c.decodeIfPresent(UInt64.self, forKey: .subsetSeed)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(kind, forKey: .kind)
    try c.encodeIfPresent(text, forKey: .text)
    try c.encodeIfPresent(images, forKey: .images)
    try c.encodeIfPresent(labels, forKey: .labels)
    try c.encodeIfPresent(layout, forKey: .layout)
    try c.encodeIfPresent(permuteSeed, forKey: .permuteSeed)
    try c.encodeIfPresent(trainCount, forKey: .trainCount)
    try c.encodeIfPresent(validationCount, forKey: .validationCount)
    try c.encodeIfPresent(signal, forKey: .signal)
    try c.encodeIfPresent(signalSeed, forKey: .signalSeed)
    try c.encodeIfPresent(sequenceLength, forKey: .sequenceLength)
    try c.encodeIfPresent(subsetFraction, forKey: .subsetFraction)
    try c.encodeIfPresent(subsetSeed, forKey: .subsetSeed)
  }

  /// The task of a run recorded by lyap 0.11 or earlier (`"task": {"task": "smnist", ...}`,
  /// the precision among them).
  init(recorded info: [String: String]) throws {
    guard let name = info["task"], let kind = Kind(rawValue: name) else {
      throw DataError.invalidOption(
        name: "task", value: info["task"] ?? "none",
        hint: "config.json names no task of charrnn, smnist or signal")
    }
    self.init(kind: kind)
    text = info["text"]
    images = info["images"]
    labels = info["labels"]
    signal = info["signal"].flatMap { $0 == "lorenz96" ? nil : $0 }
    layout = info["layout"].flatMap(MNISTSequenceDataset.Layout.init)
    permuteSeed = info["permute-seed"].flatMap(UInt64.init)
    trainCount = info["train-count"].flatMap(Int.init)
    validationCount = info["validation-count"].flatMap(Int.init)
    sequenceLength = info["seq-len"].flatMap(Int.init)
    signalSeed = info["signal-seed"].flatMap(UInt64.init)
  }
}
