import Foundation
import GRDB

/// Claiming, recording, finishing and listing trials.
extension ResultStore {
  /// Marks the first pending trial (in spec order) as running on `worker` and returns it,
  /// or `nil` when no trial is pending.
  ///
  /// The select and the update are one IMMEDIATE transaction, so two processes calling this
  /// at once never claim the same trial.
  public func claimNextPending(worker: Int) throws -> TrialRecord? {
    try pool.write { db in
      guard
        let id = try String.fetchOne(
          db, sql: "SELECT id FROM trial WHERE status = 'pending' ORDER BY idx LIMIT 1")
      else { return nil }
      try db.execute(
        sql: """
          UPDATE trial SET status = 'running', worker = ?, started = ?, finished = NULL,
            failure = NULL WHERE id = ?
          """, arguments: [worker, Date(), id])
      return try trialRecord(db, id: id)
    }
  }

  /// Records (or replaces) one epoch of a trial and updates its epoch count.
  ///
  /// Recording the same epoch again overwrites it with the new values, so a resumed trial
  /// can re-report the epochs it had finished.
  ///
  /// - Throws: ``ResultStoreError/unknownTrial(id:path:)`` for an id the store lacks.
  public func recordEpoch(trialID: String, _ record: EpochRecord) throws {
    try pool.write { db in
      try requireTrial(db, trialID)
      try db.execute(
        sql: """
          INSERT INTO epoch (trial_id, epoch, train_loss, validation_loss, accuracy, seconds,
            learning_rate, "max", mean, median, std, "sum", positive_count, kaplan_yorke,
            entropy, infinite_count, spectrum_error, k, spectrum)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (trial_id, epoch) DO UPDATE SET
            train_loss = excluded.train_loss, validation_loss = excluded.validation_loss,
            accuracy = excluded.accuracy, seconds = excluded.seconds,
            learning_rate = excluded.learning_rate, "max" = excluded."max",
            mean = excluded.mean, median = excluded.median, std = excluded.std,
            "sum" = excluded."sum", positive_count = excluded.positive_count,
            kaplan_yorke = excluded.kaplan_yorke, entropy = excluded.entropy,
            infinite_count = excluded.infinite_count, spectrum_error = excluded.spectrum_error,
            k = excluded.k, spectrum = excluded.spectrum
          """, arguments: EpochColumns.arguments(trialID: trialID, record))
      try db.execute(
        sql: "UPDATE trial SET epochs = (SELECT MAX(epoch) FROM epoch WHERE trial_id = ?) "
          + "WHERE id = ?", arguments: [trialID, trialID])
    }
  }

  /// Marks a trial finished and fills its summary from its epoch rows: the final validation
  /// loss and accuracy (of the largest epoch), the best validation loss and its epoch (the
  /// earliest on ties; NaN losses left out), the epoch count and the seconds (their sum).
  public func finish(trialID: String) throws {
    try pool.write { db in
      try requireTrial(db, trialID)
      try summarize(db, trialID)
      try db.execute(
        sql: """
          UPDATE trial SET status = 'finished', finished = ?2, failure = NULL,
            final_validation_loss = (SELECT validation_loss FROM epoch WHERE trial_id = ?1
              ORDER BY epoch DESC LIMIT 1),
            final_accuracy = (SELECT accuracy FROM epoch WHERE trial_id = ?1
              ORDER BY epoch DESC LIMIT 1),
            best_validation_loss = (SELECT validation_loss FROM epoch WHERE trial_id = ?1
              AND validation_loss IS NOT NULL ORDER BY validation_loss, epoch LIMIT 1),
            best_epoch = (SELECT epoch FROM epoch WHERE trial_id = ?1
              AND validation_loss IS NOT NULL ORDER BY validation_loss, epoch LIMIT 1)
          WHERE id = ?1
          """, arguments: [trialID, Date()])
    }
  }

  /// Marks a trial failed with `reason`, keeping the epochs it recorded.
  public func fail(trialID: String, reason: String) throws {
    try pool.write { db in
      try requireTrial(db, trialID)
      try summarize(db, trialID)
      try db.execute(
        sql: "UPDATE trial SET status = 'failed', finished = ?, failure = ? WHERE id = ?",
        arguments: [Date(), reason, trialID])
    }
  }

  /// Returns every running trial to pending (after a crash, before a rerun; the runner's
  /// lock guarantees nothing else runs on the store).
  ///
  /// - Returns: how many trials were reset.
  @discardableResult
  public func resetRunning() throws -> Int {
    try pool.write { db in
      try db.execute(
        sql: "UPDATE trial SET status = 'pending', worker = NULL, started = NULL "
          + "WHERE status = 'running'")
      return db.changesCount
    }
  }

  /// The trials with `status` (every trial when `nil`), in spec order.
  public func trials(status: TrialStatus? = nil) throws -> [TrialRecord] {
    try pool.read { db in
      let rows: [Row]
      if let status {
        rows = try Row.fetchAll(
          db, sql: "SELECT * FROM trial WHERE status = ? ORDER BY idx", arguments: [status.rawValue]
        )
      } else {
        rows = try Row.fetchAll(db, sql: "SELECT * FROM trial ORDER BY idx")
      }
      return try rows.map { try TrialColumns.record($0, path: path) }
    }
  }

  /// The trial with `id`, or `nil`.
  public func trial(id: String) throws -> TrialRecord? {
    try pool.read { db in try trialRecord(db, id: id) }
  }

  /// The recorded epochs of a trial, in epoch order.
  public func epochs(trialID: String) throws -> [EpochRecord] {
    try pool.read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM epoch WHERE trial_id = ? ORDER BY epoch", arguments: [trialID]
      ).map { try EpochColumns.record($0, path: path) }
    }
  }

  /// The recorded epochs of every trial, keyed by trial id, each in epoch order.
  public func allEpochs() throws -> [String: [EpochRecord]] {
    try pool.read { db in
      var epochs: [String: [EpochRecord]] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT * FROM epoch ORDER BY trial_id, epoch") {
        epochs[try row.decode(String.self, forColumn: "trial_id"), default: []].append(
          try EpochColumns.record(row, path: path))
      }
      return epochs
    }
  }

  /// How many trials have each status (every status present, 0 when none).
  public func counts() throws -> [TrialStatus: Int] {
    try pool.read { db in
      var counts = Dictionary(uniqueKeysWithValues: TrialStatus.allCases.map { ($0, 0) })
      for row in try Row.fetchAll(
        db, sql: "SELECT status, COUNT(*) AS n FROM trial GROUP BY status")
      {
        let name: String = try row.decode(forColumn: "status")
        guard let status = TrialStatus(rawValue: name) else {
          throw ResultStoreError.corruptColumn(path: path, column: "trial status", detail: name)
        }
        counts[status] = try row.decode(forColumn: "n")
      }
      return counts
    }
  }

  func trialRecord(_ db: Database, id: String) throws -> TrialRecord? {
    try Row.fetchOne(db, sql: "SELECT * FROM trial WHERE id = ?", arguments: [id]).map {
      try TrialColumns.record($0, path: path)
    }
  }

  private func requireTrial(_ db: Database, _ id: String) throws {
    guard try Bool.fetchOne(db, sql: "SELECT 1 FROM trial WHERE id = ?", arguments: [id]) != nil
    else { throw ResultStoreError.unknownTrial(id: id, path: path) }
  }

  /// Sets a trial's epoch count and seconds from its epoch rows.
  private func summarize(_ db: Database, _ id: String) throws {
    try db.execute(
      sql: """
        UPDATE trial SET
          epochs = COALESCE((SELECT MAX(epoch) FROM epoch WHERE trial_id = ?1), 0),
          seconds = COALESCE((SELECT SUM(seconds) FROM epoch WHERE trial_id = ?1), 0)
        WHERE id = ?1
        """, arguments: [id])
  }
}
