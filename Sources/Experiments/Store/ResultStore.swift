import Crypto
import Foundation
import GRDB

/// The SQLite file that holds a sweep's spec, its trials and every recorded epoch.
///
/// The file is in WAL mode with a busy timeout, so a parent process and its worker
/// processes can read and write it at once: each writer waits for the others' short
/// transactions instead of failing. Every change that touches several rows is one
/// transaction, so a crash leaves either all of it or none.
///
/// A store is created once for a spec (``create(at:sweep:trials:busyTimeout:)``) and opened
/// by every later run, worker, status query, merge and export (``open(at:busyTimeout:)``).
/// The spec's fingerprint — SHA-256 of its sorted trial ids — keeps a changed spec from
/// running into the store of an older one, and stores of different specs from merging.
public final class ResultStore: Sendable {
  /// The store file.
  public let url: URL
  /// The sweep the store holds.
  public let sweep: StoredSweep
  let pool: DatabasePool

  /// The path, for messages.
  var path: String { url.path }

  private init(url: URL, pool: DatabasePool) throws {
    self.url = url
    self.pool = pool
    self.sweep = try pool.read { db in try Self.readSweep(db, path: url.path) }
  }

  /// Creates a store at `url` holding `sweep` and its `trials`, every trial pending.
  ///
  /// - Throws: ``ResultStoreError/storeExists(path:)`` when a file is there,
  ///   ``ResultStoreError/invalidTrialID(id:)`` or ``ResultStoreError/duplicateTrial(id:index:)``
  ///   for bad trials (checked before the file is created), or a database error.
  ///
  /// `fingerprint` is that of the whole spec when `trials` are one shard's share of it
  /// (so that the shards' stores merge); by default that of `trials`.
  public static func create(
    at url: URL, sweep: SweepInfo, trials: [StoredTrial], fingerprint: String? = nil,
    busyTimeout: TimeInterval = 30
  ) throws -> ResultStore {
    try validate(trials)
    guard !FileManager.default.fileExists(atPath: url.path) else {
      throw ResultStoreError.storeExists(path: url.path)
    }
    let pool = try DatabasePool(path: url.path, configuration: configuration(busyTimeout))
    try StoreSchema.migrator.migrate(pool)
    let fingerprint = fingerprint ?? Self.fingerprint(of: trials.map(\.id))
    try pool.write { db in
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
      for trial in trials {
        try db.execute(
          sql: "INSERT INTO trial (id, idx, options, variables) VALUES (?, ?, ?, ?)",
          arguments: [
            trial.id, trial.index, OptionsJSON.encode(trial.options),
            OptionsJSON.encode(trial.variables),
          ])
      }
    }
    return try ResultStore(url: url, pool: pool)
  }

  /// Opens the existing store at `url`.
  ///
  /// - Throws: ``ResultStoreError/storeMissing(path:)`` when there is no file,
  ///   ``ResultStoreError/notAStore(path:reason:)`` when it is not a result store.
  public static func open(at url: URL, busyTimeout: TimeInterval = 30) throws -> ResultStore {
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw ResultStoreError.storeMissing(path: url.path)
    }
    let pool: DatabasePool
    do {
      pool = try DatabasePool(path: url.path, configuration: configuration(busyTimeout))
      guard try pool.read({ db in try db.tableExists("sweep") }) else {
        throw ResultStoreError.notAStore(path: url.path, reason: "it has no sweep table")
      }
    } catch let error as DatabaseError {
      throw ResultStoreError.notAStore(path: url.path, reason: error.message ?? "\(error)")
    }
    try StoreSchema.migrator.migrate(pool)
    return try ResultStore(url: url, pool: pool)
  }

  /// Opens the store at `url` if there is one, checking that it holds the same trials;
  /// creates it otherwise.
  ///
  /// - Throws: ``ResultStoreError/fingerprintMismatch(path:storedSweep:stored:expected:)``
  ///   when the existing store holds another set of trials, or the errors of
  ///   ``create(at:sweep:trials:busyTimeout:)`` and ``open(at:busyTimeout:)``.
  public static func openOrCreate(
    at url: URL, sweep: SweepInfo, trials: [StoredTrial], fingerprint: String? = nil,
    busyTimeout: TimeInterval = 30
  ) throws -> ResultStore {
    guard FileManager.default.fileExists(atPath: url.path) else {
      return try create(
        at: url, sweep: sweep, trials: trials, fingerprint: fingerprint, busyTimeout: busyTimeout)
    }
    let store = try open(at: url, busyTimeout: busyTimeout)
    let expected = fingerprint ?? Self.fingerprint(of: trials.map(\.id))
    guard store.sweep.fingerprint == expected else {
      throw ResultStoreError.fingerprintMismatch(
        path: url.path, storedSweep: store.sweep.info.name, stored: store.sweep.fingerprint,
        expected: expected)
    }
    return store
  }

  /// The fingerprint of a spec: SHA-256, in lowercase hex, of its trial ids sorted and
  /// joined by newlines. It identifies the set of trials, whatever their order.
  public static func fingerprint(of trialIDs: [String]) -> String {
    let digest = SHA256.hash(data: Data(trialIDs.sorted().joined(separator: "\n").utf8))
    return digest.map { String(format: "%02x", $0) }.joined()
  }

  private static func configuration(_ busyTimeout: TimeInterval) -> Configuration {
    var configuration = Configuration()
    configuration.busyMode = .timeout(busyTimeout)
    return configuration
  }

  private static func validate(_ trials: [StoredTrial]) throws {
    var ids = Set<String>()
    var indices = Set<Int>()
    for trial in trials {
      guard trial.id.count == 64, trial.id.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
        throw ResultStoreError.invalidTrialID(id: trial.id)
      }
      guard ids.insert(trial.id).inserted, indices.insert(trial.index).inserted else {
        throw ResultStoreError.duplicateTrial(id: trial.id, index: trial.index)
      }
    }
  }

  private static func readSweep(_ db: Database, path: String) throws -> StoredSweep {
    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sweep WHERE id = 1") else {
      throw ResultStoreError.notAStore(path: path, reason: "its sweep table is empty")
    }
    let variedText: String = try row.decode(forColumn: "varied_names")
    guard let varied = try? JSONDecoder().decode([String].self, from: Data(variedText.utf8)) else {
      throw ResultStoreError.corruptColumn(
        path: path, column: "list of varied names", detail: variedText)
    }
    let info = SweepInfo(
      name: try row.decode(forColumn: "name"), task: try row.decode(forColumn: "task"),
      specText: try row.decode(forColumn: "spec_text"),
      specDirectory: try row.decode(forColumn: "spec_directory"), variedNames: varied,
      spectrumPerEpoch: try row.decode(forColumn: "spectrum_per_epoch"))
    return StoredSweep(
      info: info, created: try row.decode(forColumn: "created"),
      fingerprint: try row.decode(forColumn: "fingerprint"))
  }
}
