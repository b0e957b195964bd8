import Foundation
import LinearAlgebra
import TensorIO

/// Next-character prediction on a UTF-8 text (task `charrnn`, Karpathy's char-rnn).
///
/// **Characters are Unicode scalars.** The vocabulary is the set of distinct Unicode scalars
/// of the text sorted by scalar value, as in PyTorch char-rnn code (`sorted(set(text))` over
/// a Python string, whose elements are code points). A Swift `Character` (an extended
/// grapheme cluster) would merge `"e"` + combining acute, or `"\r\n"`, into one symbol and
/// give a different vocabulary and text length from the published setups. A leading
/// byte-order mark (U+FEFF) is not text and is dropped; everything else, `"\r"` included,
/// is kept as it is.
///
/// **Encoding once, batching on demand.** The text is decoded and encoded once into one
/// vocabulary index per scalar (one byte each when the vocabulary has at most 256 symbols),
/// so a 3 MB corpus takes 3 MB. One-hot matrices are built only for the sequences a
/// ``batch(_:indices:as:)`` call asks for.
///
/// **Splits and sequences.** The index stream is split contiguously (train first, then
/// validation, then the remainder as test; 80/10/10 by default). A split of `m` characters
/// holds `(m - 1) / L` sequences of length `L = sequenceLength`: sequence `i` starts at
/// `s = i * L` in its split, its inputs are characters `[s, s + L)` and its targets
/// `[s + 1, s + L + 1)` (each input's next character), so windows step by `L` and do not
/// overlap except for the boundary character.
///
/// A batch has `L` input matrices of `vocabulary.count x B`, each column one-hot (a single 1
/// in the row of the character), and ``BatchTargets/classesPerStep(_:)`` targets
/// `[step][sequence]`.
public struct CharacterDataset: SequenceDataset {
  /// The distinct Unicode scalars of the text, sorted by scalar value; index = class.
  public let vocabulary: [Unicode.Scalar]
  /// Steps per sequence L.
  public var sequenceLength: Int { split.sequenceLength }
  /// Unicode scalars in the whole text (after dropping a leading byte-order mark).
  public var characterCount: Int { codes.count }

  public var inputSize: Int { vocabulary.count }
  public var outputSize: Int { vocabulary.count }
  public var targetKind: TargetKind { .classesPerStep }

  private let codes: CodeStream
  private let split: ContiguousSplit
  private let classOfScalar: [Unicode.Scalar: Int]

  /// Loads a UTF-8 text file.
  ///
  /// - Parameters:
  ///   - url: any UTF-8 text file (e.g. War and Peace, tiny-shakespeare).
  ///   - sequenceLength: characters per input sequence L (>= 1).
  ///   - splits: fractions of the text for train and validation; test gets the remainder.
  /// - Throws: ``DataError/unreadableFile(path:reason:)``, ``DataError/invalidUTF8(path:byteOffset:)``,
  ///   ``DataError/notText(path:kind:)`` for a recognizably binary file (e.g. gzip),
  ///   ``DataError/emptyText(path:)``, ``DataError/invalidSequenceLength(_:)``,
  ///   ``DataError/invalidSplits(train:validation:)``, or
  ///   ``DataError/splitTooShort(source:split:available:needed:)`` when a split with a
  ///   positive fraction is shorter than `sequenceLength + 1` characters.
  /// - Complexity: O(n) in the file size, two passes over the bytes.
  public init(
    url: URL, sequenceLength: Int = 100,
    splits: (train: Double, validation: Double) = (0.8, 0.1)
  ) throws {
    let data: Data
    do {
      data = try FileAccess.read(url)
    } catch TensorIOError.unreadableFile(let path, let reason) {
      throw DataError.unreadableFile(path: path, reason: reason)
    }
    let scalars = try data.withUnsafeBytes { try decodeUTF8($0, path: url.path) }
    try self.init(
      scalars: scalars, sequenceLength: sequenceLength, splits: splits, path: url.path)
  }

  /// A dataset over an in-memory string (same rules as the file initializer).
  public init(
    text: String, sequenceLength: Int = 100,
    splits: (train: Double, validation: Double) = (0.8, 0.1)
  ) throws {
    var scalars = text.unicodeScalars.map(\.value)
    if scalars.first == 0xFEFF { scalars.removeFirst() }
    try self.init(
      scalars: scalars, sequenceLength: sequenceLength, splits: splits, path: "<in-memory text>")
  }

  private init(
    scalars: [UInt32], sequenceLength: Int, splits: (train: Double, validation: Double),
    path: String
  ) throws {
    guard sequenceLength >= 1 else { throw DataError.invalidSequenceLength(sequenceLength) }
    guard let maxValue = scalars.max() else { throw DataError.emptyText(path: path) }
    // A presence table over 0...maxValue, then a class table: O(n), no hashing per character.
    var classTable = [Int32](repeating: -1, count: Int(maxValue) + 1)
    scalars.withUnsafeBufferPointer { values in
      classTable.withUnsafeMutableBufferPointer { table in
        for value in values { table[Int(value)] = 0 }
      }
    }
    var vocabulary: [Unicode.Scalar] = []
    for value in classTable.indices where classTable[value] == 0 {
      classTable[value] = Int32(vocabulary.count)
      vocabulary.append(Unicode.Scalar(UInt32(value))!)  // decoded scalars are valid
    }
    self.vocabulary = vocabulary
    self.classOfScalar = Dictionary(
      uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
    self.codes = CodeStream(
      scalars: scalars, classTable: classTable, narrow: vocabulary.count <= 256)
    self.split = try ContiguousSplit(
      total: scalars.count, fractions: splits, sequenceLength: sequenceLength,
      source: "'\(path)'")
  }

  /// The character positions (in the whole text) of `split`.
  public func range(of split: DataSplit) -> Range<Int> { self.split.range(split) }

  public func count(_ split: DataSplit) -> Int { self.split.count(split) }

  /// The class index of every scalar of `text`.
  ///
  /// - Throws: ``DataError/scalarNotInVocabulary(scalar:offset:)`` for a scalar the corpus
  ///   does not contain.
  public func encode(_ text: String) throws -> [Int] {
    try text.unicodeScalars.enumerated().map { offset, scalar in
      guard let index = classOfScalar[scalar] else {
        throw DataError.scalarNotInVocabulary(
          scalar:
            "U+\(String(scalar.value, radix: 16, uppercase: true)) \(scalar.debugDescription)",
          offset: offset)
      }
      return index
    }
  }

  /// The text whose scalars have the class indices `indices`.
  ///
  /// - Precondition: every index is in `0..<vocabulary.count`.
  public func decode(_ indices: some Sequence<Int>) -> String {
    var scalars = String.UnicodeScalarView()
    for index in indices {
      precondition(
        vocabulary.indices.contains(index),
        "class \(index) is outside the vocabulary 0..<\(vocabulary.count)")
      scalars.append(vocabulary[index])
    }
    return String(scalars)
  }

  /// The class indices of characters `range` of the whole text (for inspection and sampling).
  public func classes(in range: Range<Int>) -> [Int] {
    precondition(
      range.lowerBound >= 0 && range.upperBound <= codes.count,
      "range \(range) is outside the text 0..<\(codes.count)")
    return range.map { codes[$0] }
  }

  /// One-hot inputs and next-character targets for sequences `indices` of `split`.
  ///
  /// - Precondition: every index is in `0..<count(split)`.
  /// - Complexity: O(L x B x vocabulary) to zero the matrices, O(L x B) to fill them.
  @_specialize(where S == Float)
  @_specialize(where S == Double)
  public func batch<S: BLASScalar>(
    _ split: DataSplit, indices: [Int], as: S.Type
  ) -> SequenceBatch<S> {
    let length = sequenceLength
    let starts = indices.map { self.split.start(split, sequence: $0) }
    let vocabularySize = vocabulary.count
    var inputs = [Matrix<S>](
      repeating: Matrix(rows: vocabularySize, columns: starts.count), count: length)
    var targets = [[Int]](repeating: [Int](repeating: 0, count: starts.count), count: length)
    for (column, start) in starts.enumerated() {
      for t in 0..<length {
        inputs[t].storage[codes[start + t] + column * vocabularySize] = 1
        targets[t][column] = codes[start + t + 1]
      }
    }
    return SequenceBatch(inputs: inputs, targets: .classesPerStep(targets))
  }
}

/// The class of each character, one byte each when the vocabulary allows.
private enum CodeStream: Sendable {
  case narrow([UInt8])
  case wide([UInt32])

  init(scalars: [UInt32], classTable: [Int32], narrow: Bool) {
    if narrow {
      self = .narrow(scalars.map { UInt8(truncatingIfNeeded: classTable[Int($0)]) })
    } else {
      self = .wide(scalars.map { UInt32(classTable[Int($0)]) })
    }
  }

  var count: Int {
    switch self {
    case .narrow(let codes): return codes.count
    case .wide(let codes): return codes.count
    }
  }

  subscript(position: Int) -> Int {
    switch self {
    case .narrow(let codes): return Int(codes[position])
    case .wide(let codes): return Int(codes[position])
    }
  }
}

/// Decodes UTF-8 bytes into scalar values, dropping a leading byte-order mark.
///
/// Bytes that are not valid UTF-8 and that ``FileKind`` recognizes as another kind of file
/// (a gzip-compressed text, an archive) are named as that kind rather than by the offset
/// of the first bad byte.
///
/// ASCII bytes take a fast path; other sequences go through the standard library's validating
/// parser, which rejects overlong forms, surrogates and values above U+10FFFF.
private func decodeUTF8(_ bytes: UnsafeRawBufferPointer, path: String) throws -> [UInt32] {
  let buffer = bytes.bindMemory(to: UInt8.self)
  var scalars: [UInt32] = []
  scalars.reserveCapacity(buffer.count)
  var position = 0
  while position < buffer.count {
    let byte = buffer[position]
    if byte < 0x80 {
      scalars.append(UInt32(byte))
      position += 1
      continue
    }
    let end = min(buffer.count, position + 4)
    var iterator = UnsafeBufferPointer(rebasing: buffer[position..<end]).makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    switch parser.parseScalar(from: &iterator) {
    case .valid(let encoded):
      scalars.append(Unicode.UTF8.decode(encoded).value)
      position += encoded.count
    case .error, .emptyInput:
      if let kind = FileKind.recognize(bytes), kind != .text {
        throw DataError.notText(path: path, kind: kind)
      }
      throw DataError.invalidUTF8(path: path, byteOffset: position)
    }
  }
  if scalars.first == 0xFEFF { scalars.removeFirst() }
  return scalars
}
