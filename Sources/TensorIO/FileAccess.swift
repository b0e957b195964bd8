import Foundation

/// Reading whole files and writing them atomically, with errors as ``TensorIOError``.
public enum FileAccess {
  /// Reads the whole file (memory-mapped when the system allows it).
  ///
  /// A FIFO (e.g. a shell's `<(...)`) is read to its end; a device or socket is refused, as
  /// it has no end (`/dev/zero`) or no data (`/dev/null`).
  ///
  /// - Throws: ``TensorIOError/unreadableFile(path:reason:)`` saying why (no such file or
  ///   folder, a directory, a device).
  public static func read(_ url: URL) throws -> Data {
    switch FileOutput.kind(of: url.path) {
    case FileOutput.S_IFIFO_BITS?:
      do {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        return try handle.readToEnd() ?? Data()
      } catch {
        throw TensorIOError.unreadableFile(path: url.path, reason: reason(for: error, at: url))
      }
    case let kind? where kind != FileOutput.S_IFREG_BITS && kind != FileOutput.S_IFDIR_BITS:
      let name = kind == FileOutput.S_IFCHR_BITS ? "a character device" : "a device or socket"
      throw TensorIOError.unreadableFile(
        path: url.path, reason: "it is \(name), not a regular file")
    default: break
    }
    do {
      return try Data(contentsOf: url, options: .mappedIfSafe)
    } catch {
      throw TensorIOError.unreadableFile(path: url.path, reason: reason(for: error, at: url))
    }
  }

  /// Writes `data` by ``FileOutput/write(_:to:)``: a regular file atomically (temporary
  /// file, fsync, rename), through symbolic links, streamed to FIFOs and devices.
  static func writeAtomically(_ data: Data, to url: URL) throws {
    try FileOutput.write(data, to: url)
  }

  /// How a file is named in error messages: `file '/path/to/file'`.
  static func sourceName(_ url: URL) -> String { "file '\(url.path)'" }

  private static func reason(for error: Error, at url: URL) -> String {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      return "it is a directory"
    }
    let parent = url.deletingLastPathComponent().path
    if !FileManager.default.fileExists(atPath: parent) {
      return "the directory '\(parent)' does not exist"
    }
    if !FileManager.default.fileExists(atPath: url.path) {
      return "there is no such file"
    }
    var text = (error as NSError).localizedDescription
    while text.hasSuffix(".") { text.removeLast() }  // the message adds its own period
    return text
  }
}
