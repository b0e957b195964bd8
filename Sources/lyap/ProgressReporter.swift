import Foundation

/// A one-line progress indicator on stderr, shown only when stderr is a terminal so that
/// logs and pipes stay clean.
final class ProgressReporter: @unchecked Sendable {
  private let label: String
  private let lock = NSLock()
  private var lastPercent = -1
  let enabled: Bool

  init(label: String) {
    self.label = label
    enabled = isatty(STDERR_FILENO) != 0
  }

  /// The callback to hand to long computations, or nil when progress is not shown.
  var callback: (@Sendable (Int, Int) -> Void)? {
    guard enabled else { return nil }
    return { [self] done, total in update(done, total) }
  }

  private func update(_ done: Int, _ total: Int) {
    let percent = total > 0 ? done * 100 / total : 100
    lock.lock()
    defer { lock.unlock() }
    guard percent != lastPercent else { return }
    lastPercent = percent
    FileHandle.standardError.write(Data("\r\(label): \(percent)% (\(done)/\(total) steps)".utf8))
  }

  /// Clears the progress line.
  func finish() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
  }
}
