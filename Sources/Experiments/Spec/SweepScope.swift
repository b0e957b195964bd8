import Yams

/// The `fixed`, `vary`, `set` and `trials` of one level of a spec (the top level or one
/// block), in the order written, with the path of every entry for error messages.
struct SweepScope {
  enum Setting {
    case fixed(OptionValue)
    case vary(Distribution)
    case set(SetTemplate)
  }

  struct Entry {
    var key: String
    var setting: Setting
    var path: String
  }

  var entries: [Entry] = []
  var trials: Int?

  /// Reads `fixed`, `vary` and `set` under `prefix` from the level's mapping entries; a key
  /// given in two of them is an error, and so is a `fixed` or `set` key that is not an
  /// option of `task`.
  init(_ level: [String: Node], prefix: String, task: any SweepTask) throws {
    let p = { (section: String) in SpecYAML.join(prefix, section) }
    for (key, node) in try SpecYAML.entries(level["fixed"], at: p("fixed")) {
      let path = SpecYAML.join(p("fixed"), key)
      try Self.checkOption(key, at: path, task: task)
      entries.append(
        Entry(key: key, setting: .fixed(try SpecYAML.value(node, at: path)), path: path))
    }
    for (key, node) in try SpecYAML.entries(level["vary"], at: p("vary")) {
      let path = SpecYAML.join(p("vary"), key)
      try Self.checkNotTask(key, at: path)
      entries.append(Entry(key: key, setting: .vary(try Distribution(node, at: path)), path: path))
    }
    for (key, node) in try SpecYAML.entries(level["set"], at: p("set")) {
      let path = SpecYAML.join(p("set"), key)
      try Self.checkOption(key, at: path, task: task)
      let text = try SpecYAML.string(node, at: path)
      let template = try SetTemplate(option: key, template: text, path: path)
      entries.append(Entry(key: key, setting: .set(template), path: path))
    }
    if let node = level["trials"] {
      let n = try SpecYAML.int(node, at: p("trials"))
      guard n >= 1 else { throw SpecYAML.error(p("trials"), "must be at least 1, got \(n)") }
      trials = n
    }
    try checkEachKeyOnce()
  }

  /// Adds `spectrum-<key>` options from the `spectrum` block as fixed entries.
  mutating func addSpectrum(_ node: Node?, task: any SweepTask) throws {
    let keys = ["every", "batch", "steps", "warmup", "exponents"]
    let given = try SpecYAML.entries(node, at: "spectrum", allowed: keys)
    guard !given.isEmpty else { return }
    guard task.tracksSpectrumDuringTraining else {
      throw SpecYAML.error(
        "spectrum",
        "task \(task.name) takes its spectrum once, after training, so a per-epoch spectrum block does not apply; give its spectrum options in fixed"
      )
    }
    for (key, node) in given {
      let path = SpecYAML.join("spectrum", key)
      let option = "spectrum-\(key)"
      try Self.checkOption(option, at: path, task: task)
      entries.append(
        Entry(key: option, setting: .fixed(try SpecYAML.value(node, at: path)), path: path))
    }
    try checkEachKeyOnce()
  }

  /// This scope's entries overridden key by key by `inner`'s, and `inner`'s trials when it
  /// gives them. A key varied in both keeps its place in the order of varied keys; any
  /// other entry of `inner` comes after this scope's.
  func merged(with inner: SweepScope) -> SweepScope {
    var result = self
    for entry in inner.entries {
      let i = result.entries.firstIndex { $0.key == entry.key }
      if let i, case .vary = result.entries[i].setting, case .vary = entry.setting {
        result.entries[i] = entry
      } else {
        if let i { result.entries.remove(at: i) }
        result.entries.append(entry)
      }
    }
    result.trials = inner.trials ?? trials
    return result
  }

  private func checkEachKeyOnce() throws {
    var first: [String: String] = [:]
    for entry in entries {
      if let other = first[entry.key] {
        throw SpecYAML.error(
          entry.path, "\(entry.key) is also given at \(other); give it in one of fixed, vary, set")
      }
      first[entry.key] = entry.path
    }
  }

  static func checkNotTask(_ key: String, at path: String) throws {
    if key == "task" {
      throw SpecYAML.error(path, "the task is given by the top-level key task, once for the spec")
    }
  }

  /// An error naming `key` when the task has no such option, with the closest option name
  /// as a hint.
  static func checkOption(_ key: String, at path: String, task: any SweepTask) throws {
    try checkNotTask(key, at: path)
    guard !task.optionNames.contains(key) else { return }
    throw SpecYAML.error(path, "\(key) is not an option of task \(task.name)\(hint(key, task))")
  }

  static func hint(_ key: String, _ task: any SweepTask) -> String {
    closestName(to: key, among: task.optionNames).map { " (did you mean \($0)?)" } ?? ""
  }
}
