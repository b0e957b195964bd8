import Experiments
import Foundation

/// A sweep's progress on stderr: one line redrawn in place on a terminal, otherwise a line
/// each time a trial ends (logs, pipes, batch jobs).
final class SweepProgressLine: @unchecked Sendable {
  private let terminal: Bool
  private let enabled: Bool
  private let name: String
  private let lock = NSLock()
  private var drawn = false

  init(mode: ProgressMode, name: String) {
    terminal = mode == .auto && isatty(STDERR_FILENO) != 0
    enabled = mode != .never
    self.name = name
  }

  func show(_ p: SweepProgress) {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    var text =
      "\(name): \(p.finished) finished, \(p.failed) failed, \(p.running) running, \(p.pending) pending"
    if let eta = p.etaSeconds { text += ", about \(durationText(eta)) left" }
    if terminal {
      FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
      drawn = true
    } else if let ended = p.ended {
      let how: String
      switch ended.outcome {
      case .finished: how = "finished"
      case .failed(let reason): how = "failed: \(reason)"
      case .interrupted: how = "interrupted"
      }
      FileHandle.standardError.write(Data("trial \(ended.index) \(how) — \(text)\n".utf8))
    }
  }

  func finish() {
    lock.lock()
    defer { lock.unlock() }
    if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
    drawn = false
  }
}
