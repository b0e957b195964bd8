import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes whole outputs to a path without ever replacing what the path points at.
///
/// What happens depends on what the path names once symbolic links are followed:
/// - a regular file, or nothing yet: the bytes go to a temporary file beside it
///   (`.NAME.lyap-tmp-PID-RANDOM`), which is flushed to disk (`fsync`) and renamed over the
///   name, and the folder is flushed too. Readers see the old file or the new one, never half
///   of one, and a kill leaves the old file intact (plus at most the temporary, which
///   ``removeTemporaries(in:)`` deletes). An existing file keeps its permissions.
/// - a symbolic link: the link stays; its final target (possibly not existing yet) is written
///   as above, in the target's folder.
/// - a FIFO or a character device (`/dev/stdout`, `/dev/null`, a terminal): streamed, opened
///   for writing without creating or truncating.
/// - anything else (a folder, a block device, a socket): refused, never replaced.
///
/// Every failed write, flush or close is an error, so a full disk (`/dev/full`) is reported.
public enum FileOutput {
  /// The part of a temporary file's name that marks it as ours.
  public static let temporaryMarker = ".lyap-tmp-"

  /// Writes `data` to `url` as described in the type's summary.
  ///
  /// - Throws: ``TensorIOError/unwritableFile(path:reason:)`` naming the path (and the
  ///   target of a link) with the system's reason.
  public static func write(_ data: Data, to url: URL) throws {
    let path = url.path
    let target = try resolveLinks(path)
    let shown = target == path ? path : "\(path)' → '\(target)"
    switch kind(of: target) {
    case nil, S_IFREG_BITS?:
      try replaceAtomically(data, at: target, shown: shown)
    case S_IFIFO_BITS?, S_IFCHR_BITS?:
      try stream(data, to: target, shown: shown)
    case S_IFDIR_BITS?:
      throw TensorIOError.unwritableFile(path: shown, reason: "it is a directory")
    default:
      throw TensorIOError.unwritableFile(
        path: shown,
        reason: "it is neither a regular file, a FIFO nor a character device, and is left alone")
    }
  }

  /// Checks, before any work, that ``write(_:to:)`` could write `url`: a FIFO or character
  /// device must be writable, a regular file's (or a new file's) folder must exist and be
  /// writable; anything else is refused.
  ///
  /// - Throws: ``TensorIOError/unwritableFile(path:reason:)`` saying why not.
  public static func checkWritable(_ url: URL) throws {
    let path = url.path
    let target = try resolveLinks(path)
    let shown = target == path ? path : "\(path)' → '\(target)"
    let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
    switch kind(of: target) {
    case nil, S_IFREG_BITS?:
      guard kind(of: folder) == S_IFDIR_BITS else {
        throw TensorIOError.unwritableFile(
          path: shown, reason: "the directory '\(folder)' does not exist")
      }
      guard access(folder, W_OK) == 0 else {
        throw TensorIOError.unwritableFile(
          path: shown, reason: "the directory '\(folder)' is not writable (\(describe(errno)))")
      }
    case S_IFIFO_BITS?, S_IFCHR_BITS?:
      guard access(target, W_OK) == 0 else {
        throw TensorIOError.unwritableFile(path: shown, reason: describe(errno))
      }
    case S_IFDIR_BITS?:
      throw TensorIOError.unwritableFile(path: shown, reason: "it is a directory")
    default:
      throw TensorIOError.unwritableFile(
        path: shown,
        reason: "it is neither a regular file, a FIFO nor a character device, and is left alone")
    }
  }

  /// Writes `data` to standard output (after what `print` has buffered).
  ///
  /// - Throws: ``TensorIOError/unwritableFile(path:reason:)`` when a write fails.
  public static func writeStandardOutput(_ data: Data) throws {
    fflush(nil)
    if let code = writeAll(data, to: STDOUT_FILENO) {
      throw TensorIOError.unwritableFile(path: "standard output", reason: describe(code))
    }
  }

  /// Deletes the temporary files an interrupted write can leave in `folder`: ours and
  /// Foundation's (`.dat.nosync…`, from `Data.write(to:options: .atomic)`).
  public static func removeTemporaries(in folder: URL) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    for name in names where name.contains(temporaryMarker) || name.hasPrefix(".dat.nosync") {
      try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
    }
  }

  // File type bits of `st_mode` (POSIX values).
  static let S_IFMT_BITS: UInt32 = 0o170000
  static let S_IFREG_BITS: UInt32 = 0o100000
  static let S_IFDIR_BITS: UInt32 = 0o040000
  static let S_IFLNK_BITS: UInt32 = 0o120000
  static let S_IFIFO_BITS: UInt32 = 0o010000
  static let S_IFCHR_BITS: UInt32 = 0o020000

  /// The file type bits of `path` without following a final link, or nil when nothing is
  /// there.
  static func kind(of path: String, follow: Bool = true) -> UInt32? {
    var info = stat()
    let status = follow ? stat(path, &info) : lstat(path, &info)
    guard status == 0 else { return nil }
    return UInt32(info.st_mode) & S_IFMT_BITS
  }

  /// `path` with every symbolic link followed, the last one possibly dangling (its target is
  /// then where the file is created).
  private static func resolveLinks(_ path: String) throws -> String {
    var current = path
    for _ in 0..<40 {
      guard kind(of: current, follow: false) == S_IFLNK_BITS else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let count = readlink(current, &buffer, buffer.count - 1)
      guard count > 0 else {
        throw TensorIOError.unwritableFile(path: current, reason: describe(errno))
      }
      let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current =
        target.hasPrefix("/")
        ? target
        : URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(target)
          .path
    }
    throw TensorIOError.unwritableFile(path: path, reason: "it is a loop of symbolic links")
  }

  private static func replaceAtomically(_ data: Data, at path: String, shown: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    let temporary =
      folder + "/." + url.lastPathComponent + temporaryMarker
      + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard fd >= 0 else {
      throw TensorIOError.unwritableFile(path: shown, reason: reason(errno, folder: folder))
    }
    var failure = writeAll(data, to: fd)
    var existing = stat()
    if failure == nil, stat(path, &existing) == 0, fchmod(fd, existing.st_mode & 0o7777) != 0 {
      failure = errno
    }
    if failure == nil, fsync(fd) != 0 { failure = errno }
    if close(fd) != 0, failure == nil { failure = errno }
    if failure == nil, rename(temporary, path) != 0 { failure = errno }
    if let failure {
      unlink(temporary)
      throw TensorIOError.unwritableFile(path: shown, reason: reason(failure, folder: folder))
    }
    // The rename is durable once the folder's entry is on disk.
    let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if folderDescriptor >= 0 {
      fsync(folderDescriptor)
      close(folderDescriptor)
    }
  }

  private static func stream(_ data: Data, to path: String, shown: String) throws {
    let fd = open(path, O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw TensorIOError.unwritableFile(path: shown, reason: describe(errno))
    }
    var failure = writeAll(data, to: fd)
    if close(fd) != 0, failure == nil { failure = errno }
    if let failure {
      throw TensorIOError.unwritableFile(path: shown, reason: describe(failure))
    }
  }

  /// Writes every byte of `data` to `fd`, retrying short and interrupted writes; the `errno`
  /// of a failure.
  private static func writeAll(_ data: Data, to fd: Int32) -> Int32? {
    data.withUnsafeBytes { raw -> Int32? in
      guard let base = raw.baseAddress else { return nil }
      var offset = 0
      while offset < raw.count {
        let written = systemWrite(fd, base + offset, raw.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += written
      }
      return nil
    }
  }

  private static func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
      Glibc.write(fd, bytes, count)
    #else
      Darwin.write(fd, bytes, count)
    #endif
  }

  private static func reason(_ code: Int32, folder: String) -> String {
    if code == ENOENT { return "the directory '\(folder)' does not exist" }
    return describe(code)
  }

  private static func describe(_ code: Int32) -> String {
    String(cString: strerror(code)).lowercased()
  }
}
