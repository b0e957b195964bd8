import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive lock on a store for the length of one sweep run (`flock` on `STORE.lock`),
/// so that two runs never work on the same trials; released when the process ends, however
/// it ends.
final class StoreLock {
  private let descriptor: Int32

  /// - Throws: ``SweepRunError/storeBusy(path:)`` when another process holds it.
  init(_ store: URL) throws {
    let path = store.path + ".lock"
    descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw SweepRunError.workerLaunch(path: path, reason: String(cString: strerror(errno)))
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      close(descriptor)
      throw SweepRunError.storeBusy(path: store.path)
    }
  }

  deinit {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
