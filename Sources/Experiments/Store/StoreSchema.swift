import GRDB

/// The tables of a result store, created and upgraded by GRDB migrations.
///
/// `sweep` holds one row (the spec and its fingerprint); `trial` one row per trial of the
/// spec; `epoch` one row per recorded epoch of a trial. Statistics that are -infinity (no
/// finite exponent) and NaN losses are NULL; the spectrum is a float64 little-endian BLOB.
enum StoreSchema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE sweep (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            task TEXT NOT NULL,
            spec_text TEXT NOT NULL,
            spec_directory TEXT NOT NULL,
            varied_names TEXT NOT NULL,
            spectrum_per_epoch INTEGER NOT NULL,
            created TEXT NOT NULL,
            fingerprint TEXT NOT NULL);
          CREATE TABLE trial (
            id TEXT PRIMARY KEY NOT NULL,
            idx INTEGER NOT NULL UNIQUE,
            options TEXT NOT NULL,
            variables TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
              CHECK (status IN ('pending', 'running', 'finished', 'failed')),
            worker INTEGER,
            started TEXT,
            finished TEXT,
            seconds REAL,
            epochs INTEGER NOT NULL DEFAULT 0,
            final_validation_loss REAL,
            final_accuracy REAL,
            best_validation_loss REAL,
            best_epoch INTEGER,
            failure TEXT);
          CREATE INDEX trial_status ON trial (status, idx);
          CREATE TABLE epoch (
            trial_id TEXT NOT NULL REFERENCES trial (id) ON DELETE CASCADE,
            epoch INTEGER NOT NULL,
            train_loss REAL,
            validation_loss REAL,
            accuracy REAL,
            seconds REAL NOT NULL,
            learning_rate REAL NOT NULL,
            "max" REAL,
            mean REAL,
            median REAL,
            std REAL,
            "sum" REAL,
            positive_count INTEGER,
            kaplan_yorke REAL,
            entropy REAL,
            infinite_count INTEGER,
            spectrum_error TEXT,
            k INTEGER,
            spectrum BLOB,
            PRIMARY KEY (trial_id, epoch)) WITHOUT ROWID;
          """)
    }
    return migrator
  }

  /// What a database holds, as far as opening it as a store goes.
  enum Contents: Equatable {
    /// A `sweep` table with data in some table: a store, or a damaged one.
    case store
    /// No table, or only the store's tables with no row in any: a creation that stopped
    /// before its sweep row was written.
    case nothing
    /// Tables that are not a store's.
    case foreign
  }

  /// The tables a store is made of, with GRDB's record of the migrations applied.
  static let tables: Set = ["sweep", "trial", "epoch", "grdb_migrations"]

  static func contents(_ db: Database) throws -> Contents {
    let names = try String.fetchSet(
      db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    if names.isSubset(of: tables) {
      let filled = try names.subtracting(["grdb_migrations"]).contains { table in
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") == true
      }
      if !filled { return .nothing }
    }
    return names.contains("sweep") ? .store : .foreign
  }
}
