import Foundation

/// Where a sweep stands: counts by status, the slowest finished trials, the failures and an
/// estimate of the time left.
public struct SweepStatus: Sendable, Equatable {
  /// The sweep's name.
  public var sweepName: String
  /// How many trials have each status (every status present).
  public var counts: [TrialStatus: Int]
  /// The finished trials that took longest, slowest first.
  public var slowest: [TrialRecord]
  /// The failed trials with their reasons, in spec order.
  public var failed: [TrialRecord]
  /// How many distinct workers the store has recorded (running or having run trials).
  public var workers: Int
  /// The mean seconds of the finished trials, `nil` before the first finishes.
  public var meanTrialSeconds: Double?
  /// The estimated seconds until every trial has run: each pending trial costs the mean,
  /// each running one the mean less its elapsed time (at least 0), shared by the workers
  /// (at least 1). `nil` before the first trial finishes; 0 when nothing is left.
  public var etaSeconds: Double?

  /// The total number of trials.
  public var total: Int { counts.values.reduce(0, +) }
}

extension ResultStore {
  /// The status of the sweep at `now`, listing up to `slowest` slowest finished trials.
  public func status(slowest: Int = 5, now: Date = Date()) throws -> SweepStatus {
    let all = try trials()
    var counts = Dictionary(uniqueKeysWithValues: TrialStatus.allCases.map { ($0, 0) })
    for trial in all { counts[trial.status, default: 0] += 1 }
    let finished = all.filter { $0.status == .finished }
    let seconds = finished.compactMap(\.seconds)
    let mean = seconds.isEmpty ? nil : seconds.reduce(0, +) / Double(seconds.count)
    let workers = Set(all.compactMap(\.worker)).count
    var eta: Double?
    if let mean {
      var left = Double(counts[.pending] ?? 0) * mean
      for trial in all where trial.status == .running {
        let elapsed = trial.started.map { now.timeIntervalSince($0) } ?? 0
        left += max(mean - elapsed, 0)
      }
      eta = left / Double(max(workers, 1))
    }
    let slowestTrials = finished.sorted {
      ($0.seconds ?? 0, $1.index) > ($1.seconds ?? 0, $0.index)
    }
    return SweepStatus(
      sweepName: sweep.info.name, counts: counts, slowest: Array(slowestTrials.prefix(slowest)),
      failed: all.filter { $0.status == .failed }, workers: workers, meanTrialSeconds: mean,
      etaSeconds: eta)
  }
}
