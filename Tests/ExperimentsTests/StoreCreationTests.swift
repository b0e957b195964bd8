import Foundation
import GRDB
import Testing

@testable import Experiments

/// Files that a creation interrupted by a kill leaves (an empty database at the store path,
/// as stores created in place left them, stale temporaries and side files): a rerun of the
/// sweep replaces them and ends with the store of an uninterrupted run, and `open` tells an
/// unfinished store from a file that is not a store.
@Suite(.serialized) struct StoreCreationTests {
  /// Copies `url` and its side files, as they are while `pool` is open, to `target`: the
  /// files a process killed at that moment leaves.
  static func copyAsKilled(_ pool: DatabasePool, _ url: URL, to target: URL) throws {
    for suffix in [""] + StoreFiles.sideSuffixes
    where FileManager.default.fileExists(atPath: url.path + suffix) {
      try FileManager.default.copyItem(atPath: url.path + suffix, toPath: target.path + suffix)
    }
    withExtendedLifetime(pool) {}
  }

  /// An empty database with no table (as `DatabasePool` creates it), or with the store's
  /// tables and no row, at `target` with its side files.
  static func emptyDatabase(schema: Bool, at target: URL, scratch: URL) throws {
    let pool = try DatabasePool(path: scratch.path)
    if schema { try StoreSchema.migrator.migrate(pool) }
    try copyAsKilled(pool, scratch, to: target)
  }

  @Test func rerunsReplaceWhatAnInterruptedCreationLeft() throws {
    let dir = SweepRunnerTests.folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let spec = try SweepRunnerTests.spec(in: dir)
    let reference = dir.appendingPathComponent("reference.sqlite")
    try SweepRunnerTests.run(spec, store: reference)
    let expected = try SweepRunnerTests.contents(reference)

    let zeroLength = dir.appendingPathComponent("zero.sqlite")
    #expect(FileManager.default.createFile(atPath: zeroLength.path, contents: Data()))
    let noTables = dir.appendingPathComponent("no-tables.sqlite")
    try Self.emptyDatabase(
      schema: false, at: noTables, scratch: dir.appendingPathComponent("scratch-1.sqlite"))
    let schemaOnly = dir.appendingPathComponent("schema-only.sqlite")
    try Self.emptyDatabase(
      schema: true, at: schemaOnly, scratch: dir.appendingPathComponent("scratch-2.sqlite"))
    for url in [zeroLength, noTables, schemaOnly] {
      let error = #expect(throws: ResultStoreError.unfinishedStore(path: url.path)) {
        _ = try ResultStore.open(at: url)
      }
      #expect(error?.description.contains(url.path) == true)
    }

    // No store, but a temporary with a journal, and the log of another database (with a
    // schema change, so that its first page) at the store's path.
    let orphans = dir.appendingPathComponent("orphans.sqlite")
    let temporary = orphans.path + ".creating-0badf00d"
    try Data("half a database".utf8).write(to: URL(fileURLWithPath: temporary))
    try Data("half a journal".utf8).write(to: URL(fileURLWithPath: temporary + "-journal"))
    try Data("a journal alone".utf8).write(
      to: URL(fileURLWithPath: orphans.path + ".creating-00c0ffee-journal"))
    let other = try ResultStore.create(
      at: dir.appendingPathComponent("other.sqlite"), sweep: StoreFixtures.sweep(),
      trials: StoreFixtures.trials(3))
    try other.pool.write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
    _ = try other.claimNextPending(worker: 0)
    #expect(FileManager.default.fileExists(atPath: other.url.path + "-wal"))
    try FileManager.default.copyItem(atPath: other.url.path + "-wal", toPath: orphans.path + "-wal")
    // A name that only looks like a temporary is not one.
    let lookalike = dir.appendingPathComponent("orphans.sqlite.creating-notes.txt")
    try Data("mine".utf8).write(to: lookalike)

    for url in [zeroLength, noTables, schemaOnly, orphans] {
      try SweepRunnerTests.run(spec, store: url)
      #expect(try SweepRunnerTests.contents(url) == expected, "\(url.lastPathComponent)")
    }
    #expect(try SweepRunnerTests.temporaries(of: orphans, in: dir) == [lookalike.lastPathComponent])
    withExtendedLifetime(other) {}
  }

  @Test func filesThatHoldDataAreNeverTakenForUnfinishedStores() throws {
    try StoreFixtures.withTemporaryDirectory { directory in
      // Another program's database.
      let foreign = directory.appendingPathComponent("foreign.sqlite")
      try DatabaseQueue(path: foreign.path).write { db in
        try db.execute(sql: "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x')")
      }
      // A store's tables with trials but no sweep row.
      let damaged = directory.appendingPathComponent("damaged.sqlite")
      let pool = try DatabasePool(path: damaged.path)
      try StoreSchema.migrator.migrate(pool)
      try pool.write { db in
        try db.execute(
          sql: "INSERT INTO trial (id, idx, options, variables) VALUES (?, 0, '{}', '{}')",
          arguments: [StoreFixtures.id(0)])
      }
      try pool.close()
      for (url, reason, table) in [
        (foreign, "it has no sweep table", "notes"), (damaged, "its sweep table is empty", "trial"),
      ] {
        let error = #expect(throws: ResultStoreError.notAStore(path: url.path, reason: reason)) {
          _ = try ResultStore.openOrCreate(
            at: url, sweep: StoreFixtures.sweep(), trials: StoreFixtures.trials(1))
        }
        #expect(error?.description.contains(url.path) == true)
        let rows = try DatabaseQueue(path: url.path).read { db in
          try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)")
        }
        #expect(rows == 1, "\(url.lastPathComponent) kept its row")
      }
      // A store whose directory does not exist.
      let nowhere = directory.appendingPathComponent("missing/s.sqlite")
      let error = #expect(throws: ResultStoreError.self) {
        _ = try ResultStore.create(at: nowhere, sweep: StoreFixtures.sweep(), trials: [])
      }
      guard case .unwritableStore(let path, _) = error else {
        Issue.record("expected unwritableStore, got \(String(describing: error))")
        return
      }
      #expect(path == nowhere.path)
    }
  }
}
