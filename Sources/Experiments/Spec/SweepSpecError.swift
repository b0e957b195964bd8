/// A sweep spec that cannot be run: the error names the key's path in the file
/// (`blocks[1].vary.p`) or the trial, and says what is wrong.
public enum SweepSpecError: Error, Equatable, CustomStringConvertible {
  /// The spec itself is wrong at `path` (empty for the whole file).
  case invalid(path: String, message: String)
  /// The task refused the resolved options of trial `index` (0-based, in expansion order)
  /// of block `block` (0-based; block 0 is the top level when there are no `blocks`).
  case invalidTrial(index: Int, block: Int, blockName: String?, reason: String)

  public var description: String {
    switch self {
    case .invalid(let path, let message):
      return path.isEmpty ? message : "\(path): \(message)"
    case .invalidTrial(let index, let block, let name, let reason):
      let label = name.map { "block \(block) \"\($0)\"" } ?? "block \(block)"
      return "trial \(index) (\(label)): \(reason)"
    }
  }
}
