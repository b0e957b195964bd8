/// One part of a sweep with its own settings: a block of the spec's `blocks` with the top
/// level's `fixed`, `vary`, `set` and `trials` inherited and overridden key by key, or the
/// top level itself when the spec has no blocks.
public struct SweepBlock: Sendable {
  /// A varied key: an option of the task, or a variable used by `set` templates.
  public struct VariedKey: Sendable, Equatable {
    public let name: String
    public let distribution: Distribution
    /// Whether `name` is an option of the task (otherwise it is a variable).
    public let isOption: Bool
  }

  /// The block's position in `blocks` (0 for a spec without blocks).
  public let index: Int
  public let name: String?
  /// The options fixed for every trial of the block.
  public let fixed: [String: OptionValue]
  /// The varied keys in the order written: the top level's (in place when the block draws
  /// them differently), then the block's others; the last one changes fastest in a grid.
  public let vary: [VariedKey]
  /// The templated options in the order written.
  public let set: [SetTemplate]
  /// The number of sampled trials; nil for a grid.
  public let trials: Int?

  /// `blocks[i]`, or empty for the top level.
  let path: String

  /// Whether the block expands as the cartesian product of its choices.
  public var isGrid: Bool { trials == nil }

  /// Builds a block from its merged scope, checking that every variable is used by a
  /// template, every template names only variables, and a block that samples has trials.
  init(
    index: Int, name: String?, scope: SweepScope, task: any SweepTask, path: String
  ) throws {
    let label = path.isEmpty ? "" : " in \(path)"
    self.index = index
    self.path = path
    self.name = name
    self.trials = scope.trials
    var fixed: [String: OptionValue] = [:]
    var vary: [VariedKey] = []
    var set: [(template: SetTemplate, path: String)] = []
    var varyPaths: [String: String] = [:]
    for entry in scope.entries {
      switch entry.setting {
      case .fixed(let value): fixed[entry.key] = value
      case .vary(let distribution):
        vary.append(
          VariedKey(
            name: entry.key, distribution: distribution,
            isOption: task.optionNames.contains(entry.key)))
        varyPaths[entry.key] = entry.path
      case .set(let template): set.append((template, entry.path))
      }
    }
    let variables = Set(vary.filter { !$0.isOption }.map(\.name))
    for (template, path) in set {
      for name in template.variables where !variables.contains(name) {
        let what =
          task.optionNames.contains(name) ? "\(name) is an option" : "vary has no key \(name)"
        throw SpecYAML.error(
          path,
          "{\(name)} in \"\(template.template)\" is not a variable\(label) (\(what); a variable is a vary key that is not an option)"
        )
      }
    }
    let used = Set(set.flatMap(\.template.variables))
    for key in vary where !key.isOption && !used.contains(key.name) {
      throw SpecYAML.error(
        varyPaths[key.name] ?? "vary",
        "\(key.name) is not an option of task \(task.name)\(SweepScope.hint(key.name, task)), and no set template uses it as a variable\(label)"
      )
    }
    if trials == nil, let key = vary.first(where: { !$0.distribution.isChoice }) {
      throw SpecYAML.error(
        varyPaths[key.name] ?? "vary",
        "\(key.name) is drawn from a range, so trials is required\(label) (a grid needs every varied key to be a choice)"
      )
    }
    self.fixed = fixed
    self.vary = vary
    self.set = set.map(\.template)
  }
}
