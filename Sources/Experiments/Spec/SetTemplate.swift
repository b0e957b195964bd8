/// A `set` entry: a string option built from a template such as `uniform:{p}`, where each
/// `{name}` is replaced by a variable's ``OptionValue/substitutionText`` (numbers in
/// shortest round-trip form).
public struct SetTemplate: Sendable, Equatable {
  /// A piece of a template: literal text or a variable's name.
  enum Part: Sendable, Equatable {
    case text(String)
    case variable(String)
  }

  /// The option the rendered string is given to.
  public let option: String
  /// The template as written.
  public let template: String
  let parts: [Part]

  /// The names of the variables the template uses, in order of appearance.
  public var variables: [String] {
    parts.compactMap { if case .variable(let name) = $0 { return name } else { return nil } }
  }

  /// Parses `template`; a `{` without its `}`, a stray `}` or an empty `{}` is an error
  /// naming `path`.
  init(option: String, template: String, path: String) throws {
    self.option = option
    self.template = template
    var parts: [Part] = []
    var literal = ""
    var name: String?
    for character in template {
      switch (character, name) {
      case ("{", nil):
        if !literal.isEmpty { parts.append(.text(literal)) }
        literal = ""
        name = ""
      case ("}", let current?):
        guard !current.isEmpty else {
          throw SpecYAML.error(path, "empty {} in template \"\(template)\"")
        }
        parts.append(.variable(current))
        name = nil
      case ("{", _?), ("}", nil):
        throw SpecYAML.error(path, "unbalanced \(character) in template \"\(template)\"")
      case (_, let current?):
        name = current + String(character)
      case (_, nil):
        literal.append(character)
      }
    }
    if name != nil {
      throw SpecYAML.error(path, "unclosed { in template \"\(template)\"")
    }
    if !literal.isEmpty { parts.append(.text(literal)) }
    self.parts = parts
  }

  /// The template with every variable replaced by its value in `values`.
  func render(_ values: [String: OptionValue]) -> String {
    parts.map { part in
      switch part {
      case .text(let text): return text
      case .variable(let name): return values[name]?.substitutionText ?? ""
      }
    }.joined()
  }
}
