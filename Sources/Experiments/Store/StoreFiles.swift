import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The files of a store on disk: the database, SQLite's side files beside it, and the
/// temporaries a store is built in before it appears at its path.
///
/// A temporary is `STORE.creating-XXXXXXXX` (eight hex digits), `flock`ed by the process
/// building it for as long as it lives; one whose lock is free was left by a process that
/// ended (killed, or failed) and is removed with its side files.
enum StoreFiles {
  /// SQLite's rollback journal, write-ahead log and shared-memory index of a database.
  static let sideSuffixes = ["-journal", "-wal", "-shm"]

  /// A new temporary for building the store at `url`, in the same directory (so that it can
  /// be linked there).
  static func temporary(for url: URL) -> URL {
    let tag = String(format: "%08x", UInt32.random(in: .min ... .max))
    return url.deletingLastPathComponent().appendingPathComponent(
      url.lastPathComponent + ".creating-" + tag)
  }

  /// Removes the temporaries of `url` that no living process holds, with their side files.
  /// Those that cannot be removed are left for a later attempt.
  static func removeStaleTemporaries(of url: URL) {
    let directory = url.deletingLastPathComponent()
    let prefix = url.lastPathComponent + ".creating-"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    var temporaries = Set<String>()
    for name in names where name.hasPrefix(prefix) {
      let base = String(name.prefix(prefix.count + 8))
      let rest = name.dropFirst(base.count)
      guard base.dropFirst(prefix.count).allSatisfy(\.isHexDigit), base.count == prefix.count + 8,
        rest.isEmpty || sideSuffixes.contains(String(rest))
      else { continue }
      temporaries.insert(base)
    }
    let store = identity(of: url)
    for base in temporaries {
      let temporary = directory.appendingPathComponent(base)
      if store != nil, identity(of: temporary) == store {
        // A second name of the finished store: only the name goes (its lock file would be
        // the store's own, whose closing drops this process's SQLite locks on it).
        unlink(temporary.path)
        continue
      }
      guard case .taken(let lock) = StoreLock.attempt(path: temporary.path) else { continue }
      try? remove(temporary)
      withExtendedLifetime(lock) {}
    }
  }

  /// Removes the database at `url` and its side files, the side files first (SQLite would
  /// replay a journal or log left without its database into the next database there).
  ///
  /// - Throws: ``ResultStoreError/unwritableStore(path:reason:)`` when a file that exists
  ///   cannot be removed.
  static func remove(_ url: URL) throws {
    try removeFiles(sideSuffixes.map { url.path + $0 } + [url.path], of: url)
  }

  /// Gives the finished database `temporary` the path `url`, where no file may be: a hard
  /// link, which fails when a file appeared there meanwhile (a rename where the file system
  /// has no hard links). Side files found at `url` are first removed: with no database
  /// there they are left from an earlier one, and SQLite would read them as the new one's.
  /// The directory is synced, so that the link survives a crash of the machine.
  ///
  /// - Throws: ``ResultStoreError/storeExists(path:)`` when a file is at `url`,
  ///   ``ResultStoreError/unwritableStore(path:reason:)`` when the link fails otherwise.
  static func place(_ temporary: URL, at url: URL) throws {
    guard !FileManager.default.fileExists(atPath: url.path) else {
      throw ResultStoreError.storeExists(path: url.path)
    }
    try removeFiles(sideSuffixes.map { url.path + $0 }, of: url)
    if link(temporary.path, url.path) != 0 {
      let code = errno
      guard code != EEXIST else { throw ResultStoreError.storeExists(path: url.path) }
      guard [EPERM, EOPNOTSUPP, ENOSYS].contains(code) else {
        throw ResultStoreError.unwritableStore(
          path: url.path, reason: String(cString: strerror(code)))
      }
      // No hard links on this file system: a rename, after looking once more.
      guard !FileManager.default.fileExists(atPath: url.path) else {
        throw ResultStoreError.storeExists(path: url.path)
      }
      guard rename(temporary.path, url.path) == 0 else {
        throw ResultStoreError.unwritableStore(
          path: url.path, reason: String(cString: strerror(errno)))
      }
    }
    let directory = open(url.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
    if directory >= 0 {
      fsync(directory)
      close(directory)
    }
  }

  /// Removes the files at `paths` that exist.
  ///
  /// - Throws: ``ResultStoreError/unwritableStore(path:reason:)`` (for the store `url`) when
  ///   one that exists cannot be removed.
  private static func removeFiles(_ paths: [String], of url: URL) throws {
    for path in paths {
      guard unlink(path) != 0, errno != ENOENT else { continue }
      throw ResultStoreError.unwritableStore(
        path: url.path, reason: "cannot remove '\(path)': \(String(cString: strerror(errno)))")
    }
  }

  /// The device and inode numbers of the file at `url`, following symbolic links.
  private static func identity(of url: URL) -> [Int]? {
    guard
      let attributes = try? FileManager.default.attributesOfItem(
        atPath: url.resolvingSymlinksInPath().path),
      let device = attributes[.systemNumber] as? NSNumber,
      let inode = attributes[.systemFileNumber] as? NSNumber
    else { return nil }
    return [device.intValue, inode.intValue]
  }

  /// Whether `url` is a file of no bytes (following symbolic links).
  static func isEmptyFile(_ url: URL) -> Bool {
    let attributes = try? FileManager.default.attributesOfItem(
      atPath: url.resolvingSymlinksInPath().path)
    return (attributes?[.size] as? NSNumber)?.intValue == 0
  }
}
