import Foundation
import GRDB

/// Merging the stores of shards of one sweep.
extension ResultStore {
  /// Merges `stores` (shards of one sweep) into a new store at `output`.
  ///
  /// Every trial is kept once, with its epoch rows: a finished copy over a failed, running
  /// or pending one (in that order of preference), and among equals the copy in the earliest
  /// store of the list. The sweep row and fingerprint are the first store's. The output is
  /// built as ``create(at:sweep:trials:fingerprint:busyTimeout:)`` builds a store: complete
  /// or not there.
  ///
  /// - Throws: ``ResultStoreError/mergeMismatch(first:other:firstFingerprint:otherFingerprint:)``
  ///   when the stores come from different specs, ``ResultStoreError/nothingToMerge``,
  ///   ``ResultStoreError/mergeIntoInput(path:)``, ``ResultStoreError/storeExists(path:)``
  ///   when `output` exists, and the errors of ``open(at:busyTimeout:)``.
  @discardableResult
  public static func merge(stores: [URL], into output: URL) throws -> ResultStore {
    guard let firstURL = stores.first else { throw ResultStoreError.nothingToMerge }
    let outputPath = output.standardizedFileURL.resolvingSymlinksInPath().path
    for url in stores where url.standardizedFileURL.resolvingSymlinksInPath().path == outputPath {
      throw ResultStoreError.mergeIntoInput(path: output.path)
    }
    let sources = try stores.map { try ResultStore.open(at: $0) }
    let first = sources[0]
    for source in sources.dropFirst() where source.sweep.fingerprint != first.sweep.fingerprint {
      throw ResultStoreError.mergeMismatch(
        first: firstURL.path, other: source.path, firstFingerprint: first.sweep.fingerprint,
        otherFingerprint: source.sweep.fingerprint)
    }

    // The source of each trial: the first store holding its most advanced copy.
    func rank(_ status: TrialStatus) -> Int {
      switch status {
      case .finished: return 3
      case .failed: return 2
      case .running: return 1
      case .pending: return 0
      }
    }
    var chosen: [String: (store: Int, rank: Int)] = [:]
    for (s, source) in sources.enumerated() {
      for trial in try source.trials() {
        let r = rank(trial.status)
        if chosen[trial.id].map({ r > $0.rank }) ?? true { chosen[trial.id] = (s, r) }
      }
    }

    try build(at: output) { db in
      try insertSweep(first.sweep.info, fingerprint: first.sweep.fingerprint, db)
      try copy(sources, chosen: chosen.mapValues(\.store), into: db)
    }
    return try open(at: output)
  }

  /// Copies each trial's row and epoch rows from the store `chosen` names for it.
  private static func copy(
    _ sources: [ResultStore], chosen: [String: Int], into db: Database
  ) throws {
    for (s, source) in sources.enumerated() {
      try source.pool.read { sourceDB in
        for table in ["trial", "epoch"] {
          let key = table == "trial" ? "id" : "trial_id"
          let rows = try Row.fetchCursor(sourceDB, sql: "SELECT * FROM \(table)")
          while let row = try rows.next() {
            let id: String = try row.decode(forColumn: key)
            guard chosen[id] == s else { continue }
            try insert(row, into: table, db)
          }
        }
      }
    }
  }

  /// Inserts a row read from another store, column by column.
  private static func insert(_ row: Row, into table: String, _ db: Database) throws {
    let columns = row.columnNames.map { "\"\($0)\"" }.joined(separator: ", ")
    let placeholders = Array(repeating: "?", count: row.count).joined(separator: ", ")
    try db.execute(
      sql: "INSERT INTO \(table) (\(columns)) VALUES (\(placeholders))",
      arguments: StatementArguments(
        row.databaseValues.map { $0 as (any DatabaseValueConvertible)? }))
  }
}
