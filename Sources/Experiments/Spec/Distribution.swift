import Foundation
import LinearAlgebra
import Yams

/// How a `vary` key is drawn: from a list, uniformly or log-uniformly in a range of
/// numbers, or uniformly among the integers of a range.
public enum Distribution: Sendable, Equatable {
  /// One of the values (a grid over them when every varied key is a choice).
  case choice([OptionValue])
  /// a + (b - a) u with u uniform in [0, 1).
  case uniform(Double, Double)
  /// exp(log a + (log b - log a) u), 0 < a <= b.
  case logUniform(Double, Double)
  /// A uniform integer in a...b, both included.
  case int(Int, Int)

  static let kinds = ["choice", "uniform", "log-uniform", "int"]

  /// Whether this is a finite list of values.
  public var isChoice: Bool {
    if case .choice = self { return true }
    return false
  }

  /// One draw. Uniform doubles take 53 random bits; integers are drawn without modulo
  /// bias; the stream depends only on the generator's seed, on every machine.
  func sample(using generator: inout SeededGenerator) -> OptionValue {
    switch self {
    case .choice(let values):
      return values[Int(generator.next(below: UInt64(values.count)))]
    case .uniform(let a, let b):
      return .double(a + (b - a) * generator.nextUniform())
    case .logUniform(let a, let b):
      return .double(exp(log(a) + (log(b) - log(a)) * generator.nextUniform()))
    case .int(let a, let b):
      let span = UInt64(bitPattern: Int64(b &- a)) &+ 1
      let offset = span == 0 ? generator.next() : generator.next(below: span)
      return .int(a &+ Int(truncatingIfNeeded: offset))
    }
  }

  /// Reads `{choice: [...]}`, `{uniform: [a, b]}`, `{log-uniform: [a, b]}` or
  /// `{int: [a, b]}`; a bad range is an error naming `path`.
  init(_ node: Node, at path: String) throws {
    let entries = try SpecYAML.entries(node, at: path, allowed: Self.kinds)
    guard entries.count == 1, let (kind, argument) = entries.first else {
      throw SpecYAML.error(
        path,
        "expected one distribution: {choice: [...]}, {uniform: [a, b]}, {log-uniform: [a, b]} or {int: [a, b]}"
      )
    }
    let items = try SpecYAML.sequence(argument, at: SpecYAML.join(path, kind))
    if kind == "choice" {
      guard !items.isEmpty else { throw SpecYAML.error(path, "choice needs at least one value") }
      self = .choice(
        try items.enumerated().map { try SpecYAML.value($1, at: "\(path).choice[\($0)]") })
      return
    }
    guard items.count == 2 else {
      throw SpecYAML.error(path, "\(kind) needs two bounds [a, b], got \(items.count) values")
    }
    let bounds = try items.map { try SpecYAML.value($0, at: SpecYAML.join(path, kind)) }
    if kind == "int" {
      guard case .int(let a) = bounds[0], case .int(let b) = bounds[1] else {
        throw SpecYAML.error(path, "int bounds must be integers, got [\(Self.text(bounds))]")
      }
      guard a <= b else { throw SpecYAML.error(path, "int range [\(a), \(b)] is empty (a > b)") }
      self = .int(a, b)
      return
    }
    guard let a = bounds[0].number, let b = bounds[1].number else {
      throw SpecYAML.error(path, "\(kind) bounds must be numbers, got [\(Self.text(bounds))]")
    }
    guard a <= b else {
      throw SpecYAML.error(path, "\(kind) range [\(Self.text(bounds))] is empty (a > b)")
    }
    if kind == "log-uniform" {
      guard a > 0 else {
        throw SpecYAML.error(path, "log-uniform needs a > 0, got a = \(bounds[0].substitutionText)")
      }
      self = .logUniform(a, b)
    } else {
      self = .uniform(a, b)
    }
  }

  private static func text(_ values: [OptionValue]) -> String {
    values.map(\.canonicalJSON).joined(separator: ", ")
  }
}
