import Foundation
import TensorIO
import Testing

/// Locations of test inputs, found from this file so no resource bundle is needed.
enum TestFiles {
  /// `Tests/TensorIOTests/Fixtures` (symbolic links resolved, so a symlinked checkout works).
  static let fixtures = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("Fixtures")

  /// The package root: two levels above this test folder.
  static let packageRoot = fixtures.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// `../shared` beside the package root (MNIST and reference vectors).
  static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

  static func fixture(_ name: String) -> URL { fixtures.appendingPathComponent(name) }

  static func fixtureData(_ name: String) throws -> Data { try Data(contentsOf: fixture(name)) }

  /// Runs `body` with a fresh empty directory, removed afterwards.
  static func withTemporaryDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("TensorIOTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
  }
}

/// Expects `body` to throw the `TensorIOError` case named `caseName` whose description is a
/// full sentence mentioning every string in `mentions`.
func expectTensorIOError(
  _ caseName: String, mentioning mentions: [String],
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
  let error = #expect(throws: TensorIOError.self, sourceLocation: sourceLocation) { try body() }
  guard let error else { return }
  let name = Mirror(reflecting: error).children.first?.label ?? "\(error)"
  #expect(name == caseName, "wrong error: \(error)", sourceLocation: sourceLocation)
  let text = error.description
  for mention in mentions {
    #expect(
      text.contains(mention), "'\(mention)' missing from: \(text)", sourceLocation: sourceLocation)
  }
  #expect(
    text.first?.isUppercase == true, "not a sentence: \(text)", sourceLocation: sourceLocation)
  #expect(text.hasSuffix("."), "not a sentence: \(text)", sourceLocation: sourceLocation)
}

/// Bytes spelled as text, for hand-written expected files.
func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

/// `count` space characters.
func spaces(_ count: Int) -> [UInt8] { [UInt8](repeating: 0x20, count: count) }

/// Values that stress exact round trips: signed zero, infinities, subnormals, extremes, NaN.
func awkwardValues<S: BinaryFloatingPoint>(_ type: S.Type, count: Int) -> [S] {
  let specials: [S] = [
    0, -0.0, 1, -1, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
    .ulpOfOne, .nan, S(1) / S(3),
  ]
  return (0..<count).map { i in i < specials.count ? specials[i] : S(i) * S(0.37) - S(11) }
}

/// Equality for float arrays that treats NaN as equal to NaN and tells -0 from +0.
func identicalValues<S: BinaryFloatingPoint>(_ a: [S], _ b: [S]) -> Bool {
  a.count == b.count
    && zip(a, b).allSatisfy { $0.isNaN ? $1.isNaN : ($0 == $1 && $0.sign == $1.sign) }
}
