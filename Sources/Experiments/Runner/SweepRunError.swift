/// What stops a sweep from running, each a sentence naming the value and a hint.
public enum SweepRunError: Error, Equatable, CustomStringConvertible, Sendable {
  case invalidShard(String, hint: String)
  /// Another process runs a sweep into the same store.
  case storeBusy(path: String)
  case invalidWorkers(Int)
  /// A trial's worker process could not be started.
  case workerLaunch(path: String, reason: String)

  public var description: String {
    switch self {
    case .invalidShard(let value, let hint):
      return "invalid shard \(value): \(hint)"
    case .storeBusy(let path):
      return
        "\(path) is in use by another sweep run (its lock \(path).lock is held); wait for it to end, or give another store"
    case .invalidWorkers(let n):
      return "invalid workers \(n): use at least 1 (one training run per worker at a time)"
    case .workerLaunch(let path, let reason):
      return "cannot start a worker process \(path): \(reason)"
    }
  }
}
