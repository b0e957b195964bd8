import ArgumentParser
import Foundation
import Training

/// How `lyap train` shows its progress on stderr.
enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
  /// A bar redrawn in place on a terminal; a line every few seconds otherwise (logs, pipes,
  /// `nohup`).
  case auto
  /// A line every few seconds, even on a terminal.
  case always
  /// Nothing.
  case never
}

/// Training progress on stderr: epoch (of the total), batch, loss, throughput and the
/// estimated time left, as a bar on a terminal or as a line at most every ``interval``
/// seconds.
final class TrainingProgressBar: @unchecked Sendable {
  /// Seconds between two progress lines.
  static let interval: TimeInterval = 5
  let asBar: Bool
  let enabled: Bool
  /// Show sequences (images) per second instead of steps (characters, frames) per second.
  let perSequence: Bool
  let epochs: Int
  let firstEpoch: Int
  private let start = Date()
  private var lastLine: Date?

  init(mode: ProgressMode, perSequence: Bool, epochs: Int, firstEpoch: Int) {
    let terminal = isatty(STDERR_FILENO) != 0
    asBar = mode == .auto && terminal
    enabled = mode != .never
    self.perSequence = perSequence
    self.epochs = epochs
    self.firstEpoch = firstEpoch
  }

  var callback: ((TrainingProgress) -> Void)? {
    guard enabled else { return nil }
    return { [self] p in show(p) }
  }

  private func show(_ p: TrainingProgress) {
    let now = Date()
    if !asBar, let lastLine, now.timeIntervalSince(lastLine) < Self.interval { return }
    let remaining = Self.eta(
      elapsed: now.timeIntervalSince(start), epoch: p.epoch, batch: p.batch, batches: p.batches,
      firstEpoch: firstEpoch, epochs: epochs)
    let rate = String(
      format: "%.0f %@/s", perSequence ? p.sequencesPerSecond : p.stepsPerSecond,
      perSequence ? "sequences" : "steps")
    let status = String(
      format: "epoch %d/%d batch %d/%d loss %.4f %@ ETA %@", p.epoch, epochs, p.batch,
      p.batches, p.loss, rate, remaining)
    if asBar {
      let width = 24
      let filled = p.batches > 0 ? p.batch * width / p.batches : width
      let bar =
        String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
      FileHandle.standardError.write(Data("\r[\(bar)] \(status)".utf8))
    } else {
      lastLine = now
      FileHandle.standardError.write(Data("\(status)\n".utf8))
    }
  }

  /// The time left, from the fraction of this run's batches done so far: `1m20s`.
  static func eta(
    elapsed: TimeInterval, epoch: Int, batch: Int, batches: Int, firstEpoch: Int, epochs: Int
  ) -> String {
    let total = Double(max(1, epochs - firstEpoch + 1))
    let done = (Double(epoch - firstEpoch) + Double(batch) / Double(max(1, batches))) / total
    guard done > 0 else { return "?" }
    let seconds = Int((elapsed * (1 - done) / done).rounded())
    return seconds >= 60 ? "\(seconds / 60)m\(seconds % 60)s" : "\(seconds)s"
  }

  func finish() {
    if enabled && asBar { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
  }
}
