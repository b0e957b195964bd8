import Foundation
import TensorIO

/// Failures while loading or generating a task's data, with messages that name the bad value
/// or path and say how to fix it.
///
/// Problems inside a `.npy` or IDX file's structure (bad magic, truncation, unsupported dtype)
/// are reported by the TensorIO readers as `TensorIOError` and passed through unchanged; this
/// enum covers what a well-formed file can still get wrong for a task (shape, counts, labels,
/// text encoding) and invalid options.
public enum DataError: Error, Equatable, Sendable, CustomStringConvertible {
  /// A file could not be read at all.
  case unreadableFile(path: String, reason: String)
  /// A text file is not valid UTF-8; `byteOffset` is where the first bad sequence starts.
  case invalidUTF8(path: String, byteOffset: Int)
  /// A file read as text is recognizably another kind of file (gzip, ZIP, .npy, ...).
  case notText(path: String, kind: FileKind)
  /// A text file holds no characters (a byte-order mark alone counts as empty).
  case emptyText(path: String)
  /// The sequence length is below 1.
  case invalidSequenceLength(Int)
  /// The split fractions are negative, not finite, or sum to more than 1.
  case invalidSplits(train: Double, validation: Double)
  /// A split that should hold data is too short for one window of `needed` elements.
  case splitTooShort(source: String, split: DataSplit, available: Int, needed: Int)
  /// A string to encode contains a scalar the vocabulary does not.
  case scalarNotInVocabulary(scalar: String, offset: Int)
  /// An image file and its label file describe different numbers of examples.
  case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
  /// An image file does not hold `[n, 28, 28]` images.
  case wrongImageShape(path: String, shape: [Int])
  /// A label file does not hold a one-dimensional `[n]` array.
  case wrongLabelShape(path: String, shape: [Int])
  /// A label is not a digit class `0...9`.
  case labelOutOfRange(path: String, index: Int, value: Int)
  /// A requested example count is negative.
  case negativeCount(name: String, value: Int)
  /// The requested train and validation counts need more examples than the file holds.
  case countsExceedData(train: Int, validation: Int, available: Int)
  /// A signal array is not two-dimensional `[steps, dimensions]` with at least one dimension.
  case wrongSignalShape(source: String, shape: [Int])
  /// A signal holds NaN or infinity.
  case nonFiniteValue(source: String, step: Int, dimension: Int)
  /// A generator option is out of range; `hint` says what is allowed.
  case invalidOption(name: String, value: String, hint: String)

  public var description: String {
    switch self {
    case .unreadableFile(let path, let reason):
      return "cannot read '\(path)': \(reason); check that the path names a readable file"
    case .invalidUTF8(let path, let offset):
      return "'\(path)' is not valid UTF-8: the byte sequence at byte offset \(offset) is "
        + "malformed; convert the file to UTF-8 first (e.g. `iconv -f latin1 -t utf-8`)"
    case .notText(let path, let kind):
      return "'\(path)' is \(kind.rawValue), not UTF-8 text; a character-level task reads a "
        + "plain text file"
    case .emptyText(let path):
      return "'\(path)' holds no text; a character-level task needs a non-empty UTF-8 corpus"
    case .invalidSequenceLength(let length):
      return "invalid sequence length \(length): it must be at least 1 (100 is the usual choice)"
    case .invalidSplits(let train, let validation):
      return "invalid split fractions train \(train), validation \(validation): both must be "
        + "finite, at least 0, and sum to at most 1 (the test split gets the remainder); "
        + "the default is train 0.8, validation 0.1"
    case .splitTooShort(let source, let split, let available, let needed):
      return "the \(split.rawValue) split of \(source) has \(available) steps, fewer than the "
        + "\(needed) one sequence needs (sequence length + 1); use a shorter sequence length "
        + "(--seq-len) or longer data (each split is a fixed share of it, 80/10/10 by default)"
    case .scalarNotInVocabulary(let scalar, let offset):
      return "cannot encode \(scalar) at position \(offset): it does not occur in the corpus, "
        + "so it is not in the vocabulary; remove or replace it"
    case .countMismatch(let images, let imageCount, let labels, let labelCount):
      return "'\(images)' holds \(imageCount) images but '\(labels)' holds \(labelCount) labels; "
        + "pass the label file that belongs to this image file"
    case .wrongImageShape(let path, let shape):
      return "'\(path)' holds images of shape \(shape), expected [n, 28, 28]; sequential MNIST "
        + "needs 28 x 28 images (MNIST or Fashion-MNIST IDX files)"
    case .wrongLabelShape(let path, let shape):
      return "'\(path)' holds an array of shape \(shape), expected [n] labels; pass the "
        + "labels file (…-labels-idx1-ubyte), not an image file"
    case .labelOutOfRange(let path, let index, let value):
      return "label \(index) in '\(path)' is \(value), outside 0...9; pass an MNIST or "
        + "Fashion-MNIST label file"
    case .negativeCount(let name, let value):
      return "invalid \(name) \(value): it must be 0 or more (omit it for the default split)"
    case .countsExceedData(let train, let validation, let available):
      let (sum, overflow) = train.addingReportingOverflow(validation)
      return "train count \(train) plus validation count \(validation) is "
        + "\(overflow ? "beyond \(Int.max)" : "\(sum)"), "
        + "more than the \(available) examples in the file; lower the counts so that "
        + "train + validation <= \(available)"
    case .wrongSignalShape(let source, let shape):
      return "\(source) has shape \(shape), expected [steps, dimensions] (rank 2, at least one "
        + "dimension); reshape it, e.g. `a.reshape(len(a), -1)` in NumPy"
    case .nonFiniteValue(let source, let step, let dimension):
      return "\(source) holds NaN or infinity at step \(step), dimension \(dimension); remove or "
        + "interpolate the bad values first"
    case .invalidOption(let name, let value, let hint):
      return "invalid \(name) \(value): \(hint)"
    }
  }
}
