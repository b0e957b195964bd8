/// The version of `lyap`, recorded in every JSON result and run folder.
enum LyapVersion {
  /// The release number.
  static let number = "0.11.0"

  /// `0.11.0`, or `0.11.0 (commit 1a2b3c4)` when built from git by `make build`.
  static var text: String {
    buildCommit.map { "\(number) (commit \($0))" } ?? number
  }

  /// The `lyap` object of JSON results: `{"version": "0.11.0", "commit": "1a2b3c4"}`, the
  /// commit left out when unknown.
  static var json: [String: JSONValue] {
    var object: [String: JSONValue] = ["version": .string(number)]
    if let buildCommit { object["commit"] = .string(buildCommit) }
    return object
  }
}
