import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive lock (`flock` on a `.lock` file) held for the length of a sweep run on its
/// store, or of a trial on its run folder, so that two processes never work on the same
/// trials; released when the process ends, however it ends.
final class StoreLock {
  private let descriptor: Int32

  /// Takes the lock `STORE.lock` of a store.
  ///
  /// - Throws: ``SweepRunError/storeBusy(path:)`` when another process holds it.
  convenience init(_ store: URL) throws {
    try self.init(path: store.path + ".lock", wait: false)
  }

  /// Takes the lock at `path`; with `wait`, waits for its holder to end (a worker orphaned
  /// by a killed sweep stops within a quarter second).
  init(path: String, wait: Bool) throws {
    descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw SweepRunError.workerLaunch(path: path, reason: String(cString: strerror(errno)))
    }
    guard flock(descriptor, LOCK_EX | (wait ? 0 : LOCK_NB)) == 0 else {
      close(descriptor)
      throw SweepRunError.storeBusy(path: String(path.dropLast(5)))
    }
  }

  /// How an attempt to take a lock without waiting ended.
  enum Attempt {
    case taken(StoreLock)
    /// Another open file, of this process or another, holds the lock.
    case held
    /// The lock file cannot be opened or created, for `reason`.
    case unopenable(reason: String)
  }

  /// Takes the lock at `path` if no one holds it.
  static func attempt(path: String) -> Attempt {
    do {
      return .taken(try StoreLock(path: path, wait: false))
    } catch SweepRunError.workerLaunch(_, let reason) {
      return .unopenable(reason: reason)
    } catch {
      return .held
    }
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
