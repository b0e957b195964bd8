/// What can go wrong creating, opening, merging or exporting a result store. Each
/// description is a sentence naming the file and the offending value, with a hint.
public enum ResultStoreError: Error, Equatable, CustomStringConvertible, Sendable {
  /// Creating a store where a file already exists.
  case storeExists(path: String)
  /// Opening a store that does not exist.
  case storeMissing(path: String)
  /// The file is not a result store (not SQLite, or no sweep in it).
  case notAStore(path: String, reason: String)
  /// The file is an SQLite database holding nothing: a store whose creation never finished.
  case unfinishedStore(path: String)
  /// A store that cannot be created or removed, for `reason`.
  case unwritableStore(path: String, reason: String)
  /// The store holds another sweep than the one about to run into it.
  case fingerprintMismatch(path: String, storedSweep: String, stored: String, expected: String)
  /// Two stores to merge come from different specs.
  case mergeMismatch(
    first: String, other: String, firstFingerprint: String, otherFingerprint: String)
  /// A merge with no input store.
  case nothingToMerge
  /// The merge output is also one of its inputs.
  case mergeIntoInput(path: String)
  /// A trial id that is not 64 lowercase hexadecimal digits.
  case invalidTrialID(id: String)
  /// Two trials with the same id or the same index.
  case duplicateTrial(id: String, index: Int)
  /// A trial id the store does not hold.
  case unknownTrial(id: String, path: String)
  /// An export file that cannot be written.
  case unwritableExport(path: String, reason: String)
  /// A column of the store whose text cannot be read back.
  case corruptColumn(path: String, column: String, detail: String)

  public var description: String {
    switch self {
    case .storeExists(let path):
      return "A file already exists at '\(path)'; choose another store path or remove it first."
    case .storeMissing(let path):
      return "No result store at '\(path)'; check the path (a sweep creates its store when it "
        + "first runs)."
    case .notAStore(let path, let reason):
      return "'\(path)' is not a sweep result store: \(reason). Check that this is the file you "
        + "meant."
    case .unfinishedStore(let path):
      return "'\(path)' is an empty result store, whose creation was interrupted (its sweep "
        + "was stopped as it started); run the sweep again, which creates it anew, or remove "
        + "the file."
    case .unwritableStore(let path, let reason):
      return "Cannot write the store '\(path)': \(reason). Check that its directory exists and "
        + "is writable."
    case .fingerprintMismatch(let path, let sweep, let stored, let expected):
      return "The store '\(path)' holds sweep '\(sweep)' with a different set of trials "
        + "(fingerprint \(stored.prefix(12)) where this spec has \(expected.prefix(12))); run "
        + "the changed spec into a new store."
    case .mergeMismatch(let first, let other, let firstFingerprint, let otherFingerprint):
      return "Cannot merge '\(other)' into the results of '\(first)': they come from different "
        + "specs (trial fingerprints \(otherFingerprint.prefix(12)) and "
        + "\(firstFingerprint.prefix(12))); merge only shards of one sweep."
    case .nothingToMerge:
      return "No store to merge; give at least one store."
    case .mergeIntoInput(let path):
      return "The merge output '\(path)' is also one of its inputs; write the merge to a new file."
    case .invalidTrialID(let id):
      return "Trial id '\(id)' is not 64 lowercase hexadecimal digits (a SHA-256)."
    case .duplicateTrial(let id, let index):
      return "Trial \(index) (id \(id.prefix(12))) appears twice, by id or by index; every "
        + "trial of a sweep needs its own id and index."
    case .unknownTrial(let id, let path):
      return "The store '\(path)' has no trial with id '\(id)'."
    case .unwritableExport(let path, let reason):
      return "Cannot write '\(path)': \(reason). Check that the directory exists and is "
        + "writable."
    case .corruptColumn(let path, let column, let detail):
      return "The store '\(path)' holds an unreadable \(column): \(detail). The file is corrupt "
        + "or was written by another program."
    }
  }
}
