/// Negative numbers as option values: the argument parser takes every word that starts
/// with `-` for an option, so `--g -1` and `--diagonal 0.5 -0.3` would fail with "missing
/// value" or "unknown option". Before parsing, a negative number (or a list such as
/// `-1,5` or `-1:5`) is attached to the option it belongs to: right after `--name` it
/// becomes `--name=-1`; later in the values of a list option (`--diagonal 0.5 -0.3`) it
/// becomes another `--diagonal=-0.3`. Everything after `--` is left alone.
enum NegativeNumberArguments {
  /// The options that take several values after them (`parsing: .upToNextOption`).
  static let listOptions: Set<String> = ["--diagonal"]

  /// Whether `word` is a negative number or a list starting with one, not an option name:
  /// `-` then a digit or a point, or a value Double parses (`-inf`, `-nan`).
  static func isNegativeValue(_ word: String) -> Bool {
    guard word.hasPrefix("-"), word.count > 1 else { return false }
    let next = word[word.index(after: word.startIndex)]
    return next.isASCII && (next.isNumber || next == ".") || Double(word) != nil
  }

  /// The arguments (without the program name) with negative values attached to their options.
  static func rewrite(_ arguments: [String]) -> [String] {
    var out: [String] = []
    var option: String?  // the last option word, while only its values have followed
    var justAfterOption = false
    for (index, word) in arguments.enumerated() {
      if word == "--" {
        out += arguments[index...]
        break
      }
      if let current = option, isNegativeValue(word) {
        if justAfterOption {
          out[out.count - 1] = "\(current)=\(word)"
        } else if listOptions.contains(current) {
          out.append("\(current)=\(word)")
        } else {
          out.append(word)
        }
        justAfterOption = false
        continue
      }
      out.append(word)
      if word.hasPrefix("--") {
        let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
        option = name
        justAfterOption = !word.contains("=")
      } else if word.hasPrefix("-") && word.count > 1 {
        option = nil
        justAfterOption = false
      } else {
        justAfterOption = false
      }
    }
    return out
  }
}
