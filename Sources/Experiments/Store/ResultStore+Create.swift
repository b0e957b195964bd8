import Foundation
import GRDB

/// Creating a store: the whole store appears at its path at once, or nothing does.
///
/// The schema and rows are written into a temporary beside the path (see ``StoreFiles``),
/// in rollback-journal mode so that once committed and closed all of it is in that one
/// file, which is then linked to the path. A process killed at any moment leaves either no
/// file at the path or a complete store, and perhaps a temporary that the next creation at
/// that path removes.
extension ResultStore {
  /// Creates a store at `url` holding `sweep` and its `trials`, every trial pending.
  ///
  /// `fingerprint` is that of the whole spec when `trials` are one shard's share of it
  /// (so that the shards' stores merge); by default that of `trials`.
  ///
  /// - Throws: ``ResultStoreError/storeExists(path:)`` when a file is there,
  ///   ``ResultStoreError/invalidTrialID(id:)`` or ``ResultStoreError/duplicateTrial(id:index:)``
  ///   for bad trials (checked before any file is written),
  ///   ``ResultStoreError/unwritableStore(path:reason:)`` when the directory cannot be
  ///   written, or a database error.
  public static func create(
    at url: URL, sweep: SweepInfo, trials: [StoredTrial], fingerprint: String? = nil,
    busyTimeout: TimeInterval = 30
  ) throws -> ResultStore {
    try create(
      at: url, sweep: sweep, trials: trials, fingerprint: fingerprint, busyTimeout: busyTimeout,
      afterWrite: nil)
  }

  /// ``create(at:sweep:trials:fingerprint:busyTimeout:)`` calling `afterWrite` after each
  /// step (`create-temporary`, `create-filled`, `create-linked`); tests throw
  /// ``SimulatedKill`` from it to leave the files as a kill right after that step would.
  static func create(
    at url: URL, sweep: SweepInfo, trials: [StoredTrial], fingerprint: String?,
    busyTimeout: TimeInterval, afterWrite: (@Sendable (String) throws -> Void)?
  ) throws -> ResultStore {
    try validate(trials)
    let fingerprint = fingerprint ?? Self.fingerprint(of: trials.map(\.id))
    try build(at: url, afterWrite: afterWrite) { db in
      try insertSweep(sweep, fingerprint: fingerprint, db)
      for trial in trials {
        try db.execute(
          sql: "INSERT INTO trial (id, idx, options, variables) VALUES (?, ?, ?, ?)",
          arguments: [
            trial.id, trial.index, OptionsJSON.encode(trial.options),
            OptionsJSON.encode(trial.variables),
          ])
      }
    }
    return try open(at: url, busyTimeout: busyTimeout)
  }

  /// Opens the store at `url` if there is one, checking that it holds the same trials;
  /// creates it otherwise. An empty database at `url` (a creation that never finished) is
  /// removed and the store created in its place.
  ///
  /// Callers that may race for the same `url` hold its lock, as ``SweepRunner`` does.
  ///
  /// - Throws: ``ResultStoreError/fingerprintMismatch(path:storedSweep:stored:expected:)``
  ///   when the existing store holds another set of trials, or the errors of
  ///   ``create(at:sweep:trials:fingerprint:busyTimeout:)`` and ``open(at:busyTimeout:)``.
  public static func openOrCreate(
    at url: URL, sweep: SweepInfo, trials: [StoredTrial], fingerprint: String? = nil,
    busyTimeout: TimeInterval = 30
  ) throws -> ResultStore {
    try openOrCreate(
      at: url, sweep: sweep, trials: trials, fingerprint: fingerprint, busyTimeout: busyTimeout,
      afterWrite: nil)
  }

  /// ``openOrCreate(at:sweep:trials:fingerprint:busyTimeout:)`` with the test hook of
  /// ``create(at:sweep:trials:fingerprint:busyTimeout:afterWrite:)``.
  static func openOrCreate(
    at url: URL, sweep: SweepInfo, trials: [StoredTrial], fingerprint: String?,
    busyTimeout: TimeInterval, afterWrite: (@Sendable (String) throws -> Void)?
  ) throws -> ResultStore {
    StoreFiles.removeStaleTemporaries(of: url)
    if FileManager.default.fileExists(atPath: url.path) {
      do {
        let store = try open(at: url, busyTimeout: busyTimeout)
        let expected = fingerprint ?? Self.fingerprint(of: trials.map(\.id))
        guard store.sweep.fingerprint == expected else {
          throw ResultStoreError.fingerprintMismatch(
            path: url.path, storedSweep: store.sweep.info.name, stored: store.sweep.fingerprint,
            expected: expected)
        }
        return store
      } catch ResultStoreError.unfinishedStore {
        try StoreFiles.remove(url)
      }
    }
    return try create(
      at: url, sweep: sweep, trials: trials, fingerprint: fingerprint, busyTimeout: busyTimeout,
      afterWrite: afterWrite)
  }

  /// Builds a store at `url`, where no file may be: the schema, then `fill` writing its
  /// rows in one transaction, in a temporary that is linked to `url` when complete.
  ///
  /// - Throws: ``ResultStoreError/storeExists(path:)``,
  ///   ``ResultStoreError/unwritableStore(path:reason:)``, or the errors of `fill`; the
  ///   temporary is removed then (not after a ``SimulatedKill``, as after a real kill).
  static func build(
    at url: URL, afterWrite: (@Sendable (String) throws -> Void)? = nil,
    fill: (Database) throws -> Void
  ) throws {
    guard !FileManager.default.fileExists(atPath: url.path) else {
      throw ResultStoreError.storeExists(path: url.path)
    }
    StoreFiles.removeStaleTemporaries(of: url)
    let temporary = StoreFiles.temporary(for: url)
    let lock: StoreLock
    switch StoreLock.attempt(path: temporary.path) {
    case .taken(let taken): lock = taken
    case .held:
      throw ResultStoreError.unwritableStore(path: url.path, reason: "\(temporary.path) is in use")
    case .unopenable(let reason):
      throw ResultStoreError.unwritableStore(path: url.path, reason: reason)
    }
    // The lock's descriptor closes after SQLite's: closing it earlier would drop SQLite's
    // POSIX locks on the same file.
    defer { withExtendedLifetime(lock) {} }
    do {
      try afterWrite?("create-temporary")
      do {
        let queue = try DatabaseQueue(path: temporary.path)
        try StoreSchema.migrator.migrate(queue)
        try queue.write(fill)
        try queue.close()
      }
      try afterWrite?("create-filled")
      try StoreFiles.place(temporary, at: url)
      try afterWrite?("create-linked")
    } catch let kill as SimulatedKill {
      throw kill
    } catch {
      try? StoreFiles.remove(temporary)
      throw error
    }
    try? StoreFiles.remove(temporary)
  }

  /// Writes the one row of the `sweep` table.
  static func insertSweep(_ sweep: SweepInfo, fingerprint: String, _ db: Database) throws {
    try db.execute(
      sql: """
        INSERT INTO sweep (id, name, task, spec_text, spec_directory, varied_names,
          spectrum_per_epoch, created, fingerprint) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        sweep.name, sweep.task, sweep.specText, sweep.specDirectory,
        String(decoding: try JSONEncoder().encode(sweep.variedNames), as: UTF8.self),
        sweep.spectrumPerEpoch, Date(), fingerprint,
      ])
  }
}
