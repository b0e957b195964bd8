import Crypto
import Foundation

/// One training run of a sweep: its resolved options and an id that every machine, shard
/// and rerun computes alike.
public struct Trial: Sendable, Codable, Hashable {
  /// 0-based position in the expanded sweep (after duplicates are dropped).
  public let index: Int
  /// SHA-256, in lowercase hex, of ``canonicalJSON(_:)`` of ``options``.
  public let id: String
  /// Every option of the run, `task` included; paths as written in the spec.
  public let options: [String: OptionValue]
  /// The trial's value of each of the spec's ``SweepSpec/variedNames`` that it has: the
  /// drawn values of its varied options and variables, and the fixed or set value of an
  /// option varied only in other blocks.
  public let variables: [String: OptionValue]
  /// The block the trial comes from.
  public let block: Int

  public init(
    index: Int, options: [String: OptionValue], variables: [String: OptionValue], block: Int
  ) {
    self.index = index
    self.id = Self.id(of: options)
    self.options = options
    self.variables = variables
    self.block = block
  }

  /// The canonical JSON text of a set of options: one object, keys sorted by their UTF-8
  /// bytes, no whitespace, values as ``OptionValue/canonicalJSON``.
  public static func canonicalJSON(_ options: [String: OptionValue]) -> String {
    let sorted = options.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    let members = sorted.map { "\(OptionValue.quoted($0.key)):\($0.value.canonicalJSON)" }
    return "{" + members.joined(separator: ",") + "}"
  }

  /// The SHA-256 of the canonical JSON of `options`, in lowercase hex.
  public static func id(of options: [String: OptionValue]) -> String {
    SHA256.hash(data: Data(canonicalJSON(options).utf8))
      .map { String(format: "%02x", $0) }.joined()
  }
}
