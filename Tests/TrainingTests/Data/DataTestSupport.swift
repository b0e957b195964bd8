import Foundation
import TestSupport
import Testing
import Training

/// Files shared by the dataset tests.
enum DataTestFiles {
  /// `../shared/data` beside the package root (MNIST test set, War and Peace).
  static let data = TestPaths.shared.appendingPathComponent("data")

  /// Runs `body` with a fresh empty directory, removed afterwards.
  static func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("TrainingDataTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
  }

  /// The bytes of an IDX file of unsigned bytes (`00 00 08 rank`, big-endian dimensions),
  /// written out by hand so the tests do not depend on a writer.
  static func idxBytes(shape: [Int], values: [UInt8]) -> Data {
    var bytes: [UInt8] = [0x00, 0x00, 0x08, UInt8(shape.count)]
    for dimension in shape {
      bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: UInt32(dimension) >> $0) }
    }
    return Data(bytes + values)
  }
}

/// Expects `body` to throw a ``DataError`` whose description mentions every string in
/// `mentions`, and returns it for further checks.
@discardableResult
func expectDataError(
  mentioning mentions: [String], sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) -> DataError? {
  let error = #expect(throws: DataError.self, sourceLocation: sourceLocation) { try body() }
  guard let error else { return nil }
  for mention in mentions {
    #expect(
      error.description.contains(mention), "'\(error)' should mention '\(mention)'",
      sourceLocation: sourceLocation)
  }
  return error
}

/// The number of sequences in the train, validation and test splits.
func splitCounts(_ data: some SequenceDataset) -> [Int] {
  DataSplit.allCases.map { data.count($0) }
}
