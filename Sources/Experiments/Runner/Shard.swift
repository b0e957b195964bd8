/// One share of a sweep's trials, for running a sweep on several machines: shard `index`
/// of `count` (1-based) takes the trials whose 0-based spec index i has
/// `i mod count == index - 1`, into a store of its own; the stores merge afterwards.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
  public let index: Int
  public let count: Int

  /// - Throws: ``SweepRunError/invalidShard(_:hint:)`` unless `1 <= index <= count`.
  public init(index: Int, count: Int) throws {
    guard count >= 1, index >= 1, index <= count else {
      throw SweepRunError.invalidShard(
        "\(index)/\(count)", hint: "use I/N with 1 <= I <= N, e.g. 2/4")
    }
    self.index = index
    self.count = count
  }

  /// Reads `I/N`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
      throw SweepRunError.invalidShard(text, hint: "write the shard as I/N, e.g. 2/4")
    }
    try self.init(index: i, count: n)
  }

  /// The shard a cluster's job array assigns to this process, if any: Slurm's
  /// `SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1` of `SLURM_ARRAY_TASK_COUNT`, or a
  /// Kubernetes Indexed Job's `JOB_COMPLETION_INDEX + 1` of `shards` (the Job's
  /// completions, which its pods are not told).
  public static func fromEnvironment(_ environment: [String: String], shards: Int?) throws
    -> Shard?
  {
    if let id = environment["SLURM_ARRAY_TASK_ID"] {
      guard let task = Int(id), let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init)
      else {
        throw SweepRunError.invalidShard(
          "SLURM_ARRAY_TASK_ID=\(id)",
          hint: "a Slurm job array sets SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT")
      }
      let first = environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 0
      return try Shard(index: task - first + 1, count: count)
    }
    if let completion = environment["JOB_COMPLETION_INDEX"] {
      guard let index = Int(completion) else {
        throw SweepRunError.invalidShard(
          "JOB_COMPLETION_INDEX=\(completion)", hint: "an Indexed Job sets a number from 0")
      }
      guard let shards else {
        throw SweepRunError.invalidShard(
          "JOB_COMPLETION_INDEX=\(completion)",
          hint: "give the number of shards (the Job's completions) with shards N")
      }
      return try Shard(index: index + 1, count: shards)
    }
    return nil
  }

  /// Whether the trial at 0-based spec index `index` belongs to this shard.
  public func contains(_ index: Int) -> Bool { index % count == self.index - 1 }

  public var description: String { "\(index)/\(count)" }
}
