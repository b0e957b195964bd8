import Foundation
import LinearAlgebra
import TensorIO
import Testing
import Training

/// 20 Unicode scalars but 19 Swift `Character`s: "e" + U+0301 is one grapheme cluster, and
/// Swift even compares it equal to the precomposed "é" (U+00E9) also in the text, so a
/// `Character` vocabulary would have 8 symbols where the scalar vocabulary has 9.
private let smallText = "hello w\u{E9}e\u{301}ll\noho weh"

/// Sorted by scalar value: \n (0x0A), space (0x20), e, h, l, o, w, é (0xE9), U+0301.
private let smallVocabulary: [Unicode.Scalar] = [
  "\n", " ", "e", "h", "l", "o", "w", "\u{E9}", "\u{301}",
]

/// `smallText` as classes, worked out by hand from `smallVocabulary`.
private let smallClasses = [3, 2, 4, 4, 5, 1, 6, 7, 2, 8, 4, 4, 0, 5, 3, 5, 1, 6, 2, 3]

/// Splits (0.5, 0.25) of 20 scalars: train 0..<10, validation 10..<15, test 15..<20; with
/// L = 2 they hold (10-1)/2 = 4, (5-1)/2 = 2 and 2 windows. Inputs of each window by hand:
private let smallWindows: [DataSplit: [(input: [Int], target: [Int])]] = [
  .train: [([3, 2], [2, 4]), ([4, 4], [4, 5]), ([5, 1], [1, 6]), ([6, 7], [7, 2])],
  .validation: [([4, 4], [4, 0]), ([0, 5], [5, 3])],
  .test: [([5, 1], [1, 6]), ([6, 2], [2, 3])],
]

private func writeText(_ bytes: [UInt8], in directory: URL, name: String = "text.txt") throws
  -> URL
{
  let url = directory.appendingPathComponent(name)
  try Data(bytes).write(to: url)
  return url
}

private func loadSmall(sequenceLength: Int = 2) throws -> CharacterDataset {
  try DataTestFiles.withTemporaryDirectory { directory in
    let url = try writeText(Array(smallText.utf8), in: directory)
    return try CharacterDataset(url: url, sequenceLength: sequenceLength, splits: (0.5, 0.25))
  }
}

/// The class of the single 1 in each column of a one-hot matrix, or nil when a column is not
/// one-hot.
private func hotRows<S: BLASScalar>(_ matrix: Matrix<S>) -> [Int?] {
  (0..<matrix.columns).map { column in
    let values = matrix.column(column)
    let ones = values.indices.filter { values[$0] == 1 }
    let zeros = values.filter { $0 == 0 }.count
    return ones.count == 1 && zeros == values.count - 1 ? ones[0] : nil
  }
}

@Suite struct CharacterDatasetSmallTextTests {
  @Test func vocabularyIsSortedUnicodeScalars() throws {
    let data = try loadSmall()
    #expect(data.vocabulary == smallVocabulary)
    #expect(data.inputSize == 9)
    #expect(data.outputSize == 9)
    #expect(data.targetKind == .classesPerStep)
    #expect(data.characterCount == 20)
    #expect(data.classes(in: 0..<20) == smallClasses)
    #expect(try data.encode(smallText) == smallClasses)
    #expect(data.decode(smallClasses) == smallText)
  }

  @Test func splitsAreContiguousWithHandCountedWindows() throws {
    let data = try loadSmall()
    #expect(data.range(of: .train) == 0..<10)
    #expect(data.range(of: .validation) == 10..<15)
    #expect(data.range(of: .test) == 15..<20)
    #expect(data.count(.train) == 4)
    #expect(data.count(.validation) == 2)
    #expect(data.count(.test) == 2)
  }

  @Test(arguments: [DataSplit.train, .validation, .test])
  func windowsHoldTheHandComputedCharacters(split: DataSplit) throws {
    let data = try loadSmall()
    let expected = smallWindows[split]!
    let batch = data.batch(split, indices: Array(expected.indices), as: Double.self)
    #expect(batch.steps == 2)
    #expect(batch.size == expected.count)
    for step in batch.inputs {
      #expect(step.rows == 9 && step.columns == expected.count)
    }
    guard case .classesPerStep(let targets) = batch.targets else {
      Issue.record("expected per-step class targets, got \(batch.targets)")
      return
    }
    for (column, window) in expected.enumerated() {
      #expect(batch.inputs.map { hotRows($0)[column] } == window.input.map { $0 as Int? })
      #expect(targets.map { $0[column] } == window.target)
    }
  }

  @Test func batchesFollowTheRequestedOrderAndRepeat() throws {
    let data = try loadSmall()
    let batch = data.batch(.train, indices: [3, 0, 3], as: Float.self)
    #expect(batch.inputs.map { hotRows($0) } == [[6, 3, 6], [7, 2, 7]])
    guard case .classesPerStep(let targets) = batch.targets else {
      Issue.record("expected per-step class targets")
      return
    }
    #expect(targets == [[7, 2, 7], [2, 4, 2]])
  }

  @Test func oneHotColumnsSumToOneDecodeToTheTextAndTargetsShiftByOne() throws {
    let data = try loadSmall(sequenceLength: 3)
    // Train 0..<10 with L = 3: windows at 0, 3, 6 (the one at 6 reads characters 6...9).
    #expect(data.count(.train) == 3)
    let batch = data.batch(.train, indices: [0, 1, 2], as: Double.self)
    let scalars = Array(smallText.unicodeScalars)
    guard case .classesPerStep(let targets) = batch.targets else {
      Issue.record("expected per-step class targets")
      return
    }
    for column in 0..<3 {
      for step in batch.inputs {
        #expect(step.column(column).reduce(0, +) == 1)
      }
      let inputClasses = batch.inputs.map { hotRows($0)[column]! }
      let start = column * 3
      var window = String.UnicodeScalarView()
      window.append(contentsOf: scalars[start..<(start + 3)])
      #expect(data.decode(inputClasses) == String(window))
      // Targets are the inputs shifted by one: target t is input t + 1 ...
      #expect(Array(targets.map { $0[column] }.dropLast()) == Array(inputClasses.dropFirst()))
      // ... and the last target is the character after the window.
      #expect(targets[2][column] == smallClasses[start + 3])
    }
  }

  @Test func inMemoryTextMatchesTheFile() throws {
    let fromFile = try loadSmall()
    let fromText = try CharacterDataset(text: smallText, sequenceLength: 2, splits: (0.5, 0.25))
    #expect(fromText.vocabulary == fromFile.vocabulary)
    #expect(fromText.classes(in: 0..<20) == fromFile.classes(in: 0..<20))
  }

  @Test func byteOrderMarkIsDroppedAndCarriageReturnKept() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let text = Array("ab\r\nba\r\nab\r\nba\r\n".utf8)
      let url = try writeText([0xEF, 0xBB, 0xBF] + text, in: directory)
      let data = try CharacterDataset(url: url, sequenceLength: 1, splits: (0.5, 0.25))
      #expect(data.vocabulary == ["\n", "\r", "a", "b"])
      #expect(data.characterCount == 16)
      #expect(data.classes(in: 0..<4) == [2, 3, 1, 0])
    }
  }

  @Test func moreThan256SymbolsUseWideCodes() throws {
    // 300 distinct scalars from U+0100, in descending order, twice.
    let values = (0..<300).reversed().map { UInt32(0x100 + $0) }
    var view = String.UnicodeScalarView()
    for value in values + values { view.append(Unicode.Scalar(value)!) }
    let text = String(view)
    let data = try CharacterDataset(text: text, sequenceLength: 10)
    #expect(data.vocabulary.count == 300)
    #expect(data.vocabulary.first == Unicode.Scalar(0x100))
    #expect(data.vocabulary.last == Unicode.Scalar(0x100 + 299))
    let classes = data.classes(in: 0..<600)
    #expect(classes == Array(0..<300).reversed() + Array(0..<300).reversed())
    #expect(data.decode(classes) == text)
    let batch = data.batch(.test, indices: [0], as: Float.self)
    // Test starts at 540 (train 480 + validation 60): class of U+0100 + (599 - 540) = 59.
    #expect(hotRows(batch.inputs[0]) == [59])
  }
}

@Suite struct CharacterDatasetWarAndPeaceTests {
  static let url = DataTestFiles.data.appendingPathComponent("text/war-and-peace.txt")

  @Test func loadsWithTheMeasuredVocabularyAndSplits() throws {
    let data = try CharacterDataset(url: Self.url)
    // Measured: 3,202,303 scalars (3,202,320 bytes, no byte-order mark, no "\r"), 82
    // distinct: "\n", 77 printable ASCII (space included) and à ä é ê.
    #expect(data.vocabulary.count == 82)
    #expect(data.characterCount == 3_202_303)
    #expect(data.vocabulary.first == "\n")
    #expect(data.vocabulary.last == "\u{EA}")
    #expect(!data.vocabulary.contains("\r"))
    // floor(0.8 n), floor(0.1 n), remainder.
    #expect(data.range(of: .train) == 0..<2_561_842)
    #expect(data.range(of: .validation).count == 320_230)
    #expect(data.range(of: .test).count == 320_231)
    #expect(data.count(.train) == 25_618)
    #expect(data.count(.validation) == 3_202)
    #expect(data.count(.test) == 3_202)
  }

  @Test func vocabularyAndFirstWindowMatchAnIndependentReading() throws {
    let data = try CharacterDataset(url: Self.url)
    let text = try String(contentsOf: Self.url, encoding: .utf8)
    #expect(data.vocabulary == Set(text.unicodeScalars).sorted { $0.value < $1.value })
    let batch = data.batch(.train, indices: [0, 1], as: Float.self)
    let columns = (0..<2).map { column in batch.inputs.map { hotRows($0)[column]! } }
    let scalars = Array(text.unicodeScalars.prefix(201))
    var first = String.UnicodeScalarView()
    first.append(contentsOf: scalars[0..<100])
    var second = String.UnicodeScalarView()
    second.append(contentsOf: scalars[100..<200])
    #expect(data.decode(columns[0]) == String(first))
    #expect(data.decode(columns[1]) == String(second))
    #expect(data.decode(columns[0]).hasPrefix("CHAPTER I\n\n\"Well, Prince"))
  }

  @Test func lastValidationWindowEndsInsideTheSplit() throws {
    let data = try CharacterDataset(url: Self.url)
    let last = data.count(.validation) - 1
    let batch = data.batch(.validation, indices: [last], as: Float.self)
    guard case .classesPerStep(let targets) = batch.targets else {
      Issue.record("expected per-step class targets")
      return
    }
    let start = data.range(of: .validation).lowerBound + last * 100
    #expect(start + 101 <= data.range(of: .validation).upperBound)
    #expect(targets.map { $0[0] } == data.classes(in: (start + 1)..<(start + 101)))
  }
}

@Suite struct CharacterDatasetErrorTests {
  @Test func missingFileAndDirectory() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let missing = directory.appendingPathComponent("missing.txt")
      let error = expectDataError(mentioning: [missing.path, "no such file"]) {
        _ = try CharacterDataset(url: missing)
      }
      #expect(error == .unreadableFile(path: missing.path, reason: "there is no such file"))
      expectDataError(mentioning: [directory.path, "directory"]) {
        _ = try CharacterDataset(url: directory)
      }
    }
  }

  @Test(arguments: [
    ([0x61, 0x62, 0xC3, 0x28], 2),  // truncated two-byte sequence
    ([0x61, 0x80], 1),  // lone continuation byte
    ([0xC0, 0xAF], 0),  // overlong "/"
    ([0x61, 0x62, 0x63, 0xED, 0xA0, 0x80], 3),  // UTF-16 surrogate U+D800
    ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
    ([0x61, 0xE2, 0x82], 1),  // cut off at the end of the file
  ])
  func invalidUTF8NamesTheByteOffset(bytes: [UInt8], offset: Int) throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let url = try writeText(bytes, in: directory)
      let error = expectDataError(mentioning: [url.path, "UTF-8", "offset \(offset)"]) {
        _ = try CharacterDataset(url: url, sequenceLength: 1)
      }
      #expect(error == .invalidUTF8(path: url.path, byteOffset: offset))
    }
  }

  /// Files of another kind given as text are named for what they are, with a hint (a gzip
  /// file: decompress it), not as malformed UTF-8 with a hint to convert its encoding.
  @Test(
    arguments: [
      // `printf 'To be, or not to be\n' | gzip -n`
      (
        [
          0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x0B, 0xC9, 0x57, 0x48, 0x4A,
          0xD5, 0x51, 0xC8, 0x2F, 0x52, 0xC8, 0xCB, 0x2F, 0x51, 0x28, 0x01, 0xF1, 0xB8, 0x00, 0x8F,
          0x9D, 0x14, 0x51, 0x14, 0x00, 0x00, 0x00,
        ], FileKind.gzip, "gunzip"
      ),
      // A .npy header's magic, version 1.0.
      ([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00, 0x7B], .npy, ".npy"),
    ] as [([UInt8], FileKind, String)])
  func binaryFilesAreNamedByTheirKind(bytes: [UInt8], kind: FileKind, hint: String) throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let url = try writeText(bytes, in: directory)
      let error = expectDataError(mentioning: [url.path, hint, "not UTF-8 text"]) {
        _ = try CharacterDataset(url: url, sequenceLength: 1)
      }
      #expect(error == .notText(path: url.path, kind: kind))
      #expect(error.map { !$0.description.contains("iconv") } ?? false)
    }
  }

  @Test func emptyTextAndByteOrderMarkAlone() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      for (name, bytes) in [("empty.txt", [UInt8]()), ("bom.txt", [0xEF, 0xBB, 0xBF])] {
        let url = try writeText(bytes, in: directory, name: name)
        let error = expectDataError(mentioning: [url.path, "no text"]) {
          _ = try CharacterDataset(url: url)
        }
        #expect(error == .emptyText(path: url.path))
      }
    }
  }

  @Test func textTooShortForEverySplit() throws {
    try DataTestFiles.withTemporaryDirectory { directory in
      let url = try writeText(Array(smallText.utf8), in: directory)
      // Default splits of 20 scalars: validation and test get 2 each, not 3.
      let error = expectDataError(mentioning: [url.path, "validation", "2 steps", "3"]) {
        _ = try CharacterDataset(url: url, sequenceLength: 2)
      }
      #expect(
        error
          == .splitTooShort(source: "'\(url.path)'", split: .validation, available: 2, needed: 3))
      // With 0.5/0.25 splits (10, 5, 5 scalars) L = 4 fits every split once ...
      #expect(
        try CharacterDataset(url: url, sequenceLength: 4, splits: (0.5, 0.25)).count(.test) == 1)
      // ... and L = 10 does not fit the 10 train scalars.
      expectDataError(mentioning: ["train", "10 steps", "11"]) {
        _ = try CharacterDataset(url: url, sequenceLength: 10, splits: (0.5, 0.25))
      }
    }
  }

  @Test func zeroFractionsGiveEmptySplitsNotErrors() throws {
    let data = try CharacterDataset(text: smallText, sequenceLength: 2, splits: (1, 0))
    #expect(data.count(.train) == 9)
    #expect(data.count(.validation) == 0)
    #expect(data.count(.test) == 0)
  }

  @Test(arguments: [0, -5])
  func sequenceLengthBelowOne(length: Int) throws {
    let error = expectDataError(mentioning: ["\(length)", "at least 1"]) {
      _ = try CharacterDataset(text: smallText, sequenceLength: length)
    }
    #expect(error == .invalidSequenceLength(length))
  }

  @Test(
    arguments: [(0.9, 0.2), (-0.1, 0.5), (0.5, Double.nan), (Double.infinity, 0.0)]
      as [(Double, Double)])
  func invalidSplitFractions(train: Double, validation: Double) throws {
    expectDataError(mentioning: ["\(train)", "\(validation)", "sum to at most 1"]) {
      _ = try CharacterDataset(text: smallText, sequenceLength: 1, splits: (train, validation))
    }
  }

  @Test func encodingAScalarOutsideTheVocabulary() throws {
    let data = try loadSmall()
    let error = expectDataError(mentioning: ["U+7A", "position 2", "vocabulary"]) {
      _ = try data.encode("hez")
    }
    #expect(error == .scalarNotInVocabulary(scalar: "U+7A \"z\"", offset: 2))
  }
}
