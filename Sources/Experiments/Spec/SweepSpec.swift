import Foundation
import Yams

/// A sweep spec file: which task, what is fixed, what is varied and how, read from YAML.
///
/// ```yaml
/// name: smnist-demo
/// task: smnist
/// fixed: {hidden-size: 32, epochs: 3}
/// vary: {arch: {choice: [gru, lstm]}, p: {uniform: [0.1, 3.0]}}
/// set: {init: "uniform:{p}"}
/// trials: 12
/// ```
///
/// Top-level keys: `name` and `task` (required), `description`, `fixed` (option: value),
/// `vary` (key: distribution), `set` (option: template), `trials`, `sampler-seed`
/// (default 0), `spectrum` (`every`, `batch`, `steps`, `warmup`, `exponents`, meaning the
/// options `spectrum-every`, ...) and `blocks` (a list of `name`, `fixed`, `vary`, `set`,
/// `trials`, each inheriting the top level's and overriding them key by key). Every
/// mistake found is an error naming the key's path, before any trial runs; ``expand()``
/// then has the task check each trial.
public struct SweepSpec: Sendable {
  public let name: String
  public let description: String?
  public let task: any SweepTask
  public let samplerSeed: Int
  /// The blocks in order; a spec without `blocks` has one, the top level.
  public let blocks: [SweepBlock]
  /// The varied options and variables of all blocks in order of first appearance: the
  /// `param_<name>` columns of an export.
  public let variedNames: [String]
  /// The folder relative paths in the spec are read from (the spec file's folder).
  public let baseDirectory: URL
  /// The YAML text as given.
  public let source: String

  static let topKeys = [
    "name", "task", "description", "fixed", "vary", "set", "trials", "sampler-seed", "spectrum",
    "blocks",
  ]
  static let blockKeys = ["fixed", "vary", "set", "trials", "name"]

  /// Reads a spec from YAML text for one of `tasks`, chosen by the spec's `task`.
  public init(yaml: String, baseDirectory: URL, tasks: [any SweepTask]) throws {
    let root: Node?
    do {
      root = try Yams.compose(yaml: yaml)
    } catch {
      throw SpecYAML.error("", "the spec is not valid YAML: \(error)")
    }
    guard let root, case .mapping = root else {
      throw SpecYAML.error("", "the spec must be a mapping with the keys name, task, ...")
    }
    let top = Dictionary(
      uniqueKeysWithValues: try SpecYAML.entries(root, at: "", allowed: Self.topKeys).map {
        ($0.key, $0.value)
      })

    guard let nameNode = top["name"] else { throw SpecYAML.error("name", "required") }
    name = try SpecYAML.string(nameNode, at: "name")
    guard !name.isEmpty else { throw SpecYAML.error("name", "must not be empty") }
    guard let taskNode = top["task"] else {
      throw SpecYAML.error("task", "required; one of \(tasks.map(\.name).joined(separator: ", "))")
    }
    let taskName = try SpecYAML.string(taskNode, at: "task")
    guard let task = tasks.first(where: { $0.name == taskName }) else {
      throw SpecYAML.error(
        "task", "unknown task \(taskName); expected \(tasks.map(\.name).joined(separator: ", "))")
    }
    self.task = task
    description = try top["description"].map { try SpecYAML.string($0, at: "description") }
    samplerSeed = try top["sampler-seed"].map { try SpecYAML.int($0, at: "sampler-seed") } ?? 0

    var scope = try SweepScope(top, prefix: "", task: task)
    try scope.addSpectrum(top["spectrum"], task: task)
    var blocks: [SweepBlock] = []
    if let blocksNode = top["blocks"] {
      let items = try SpecYAML.sequence(blocksNode, at: "blocks")
      guard !items.isEmpty else {
        throw SpecYAML.error("blocks", "empty; omit blocks or give at least one")
      }
      for (i, item) in items.enumerated() {
        let prefix = "blocks[\(i)]"
        guard case .mapping = item else {
          throw SpecYAML.error(
            prefix, "expected a mapping with keys \(Self.blockKeys.joined(separator: ", "))")
        }
        let level = Dictionary(
          uniqueKeysWithValues: try SpecYAML.entries(item, at: prefix, allowed: Self.blockKeys).map
          {
            ($0.key, $0.value)
          })
        let blockName = try level["name"].map { try SpecYAML.string($0, at: "\(prefix).name") }
        let inner = try SweepScope(level, prefix: prefix, task: task)
        blocks.append(
          try SweepBlock(
            index: i, name: blockName, scope: scope.merged(with: inner), task: task,
            path: prefix))
      }
    } else {
      blocks = [try SweepBlock(index: 0, name: nil, scope: scope, task: task, path: "")]
    }
    self.blocks = blocks
    var names: [String] = []
    for key in blocks.flatMap(\.vary) where !names.contains(key.name) { names.append(key.name) }
    variedNames = names
    self.baseDirectory = baseDirectory
    source = yaml
  }

  /// Reads the spec file at `url`; relative paths in it are relative to its folder.
  public init(contentsOf url: URL, tasks: [any SweepTask]) throws {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw SpecYAML.error(
        "", "cannot read the spec file \(url.path): \(error.localizedDescription)")
    }
    try self.init(yaml: text, baseDirectory: url.deletingLastPathComponent(), tasks: tasks)
  }

  /// `options` with the task's path options made absolute against ``baseDirectory``
  /// (trial ids keep the paths as written; the runner opens these).
  public func resolvingPaths(_ options: [String: OptionValue]) -> [String: OptionValue] {
    var result = options
    for name in task.pathOptions {
      guard case .string(let path) = options[name], !path.hasPrefix("/") else { continue }
      result[name] = .string(baseDirectory.appendingPathComponent(path).standardizedFileURL.path)
    }
    return result
  }
}
