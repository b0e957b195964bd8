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
/// A store is created once for a spec (``create(at:sweep:trials:fingerprint:busyTimeout:)``,
/// all at once: a kill leaves the whole store or none) and opened by every later run,
/// worker, status query, merge and export (``open(at:busyTimeout:)``).
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

  /// Opens the existing store at `url`.
  ///
  /// - Throws: ``ResultStoreError/storeMissing(path:)`` when there is no file,
  ///   ``ResultStoreError/unfinishedStore(path:)`` when it is empty (no byte, no table, or
  ///   only the store's tables and no row in them), ``ResultStoreError/notAStore(path:reason:)``
  ///   when it is not a result store.
  public static func open(at url: URL, busyTimeout: TimeInterval = 30) throws -> ResultStore {
    guard FileManager.default.fileExists(atPath: url.path) else {
      throw ResultStoreError.storeMissing(path: url.path)
    }
    guard !StoreFiles.isEmptyFile(url) else {
      throw ResultStoreError.unfinishedStore(path: url.path)
    }
    let pool: DatabasePool
    do {
      pool = try DatabasePool(path: url.path, configuration: configuration(busyTimeout))
      switch try pool.read(StoreSchema.contents) {
      case .store: break
      case .nothing: throw ResultStoreError.unfinishedStore(path: url.path)
      case .foreign:
        throw ResultStoreError.notAStore(path: url.path, reason: "it has no sweep table")
      }
    } catch let error as DatabaseError {
      throw ResultStoreError.notAStore(path: url.path, reason: error.message ?? "\(error)")
    }
    try StoreSchema.migrator.migrate(pool)
    return try ResultStore(url: url, pool: pool)
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

  static func validate(_ trials: [StoredTrial]) throws {
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
