import Foundation
import Testing

/// `lyap sweep` end to end: child-process workers, SIGKILL of the sweep at random moments
/// and a rerun, workers 1 and 2, shards merged, status and exports.
@Suite(.serialized) struct SweepCommandTests {
  static let spec = """
    name: cli-sweep
    task: signal
    fixed: {hidden-size: 8, seq-len: 10, epochs: 3, batch-size: 16, lr: 0.01, seed: 5}
    vary: {arch: {choice: [gru, lstm, rnn]}, dropout: {choice: [0.0, 0.2]}}
    spectrum: {every: 1, batch: 2, steps: 10}
    """

  /// The CSV export without its `seconds` column (the only value that depends on timing).
  static func results(_ store: String, in dir: String) throws -> [String] {
    let csv = dir + "/export-\(UUID().uuidString).csv"
    let export = try CommandLineTests.lyap([
      "sweep", "export", store, "--format", "csv", "--output", csv,
    ])
    #expect(export.status == 0, "\(export.stderr)")
    let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
    let drop = try #require(header.firstIndex(of: "seconds"))
    return lines.map { line in
      var fields = line.split(separator: ",", omittingEmptySubsequences: false)
      fields.remove(at: drop)
      return fields.joined(separator: ",")
    }
  }

  @Test func killedSweepsFinishWithTheSameResults() throws {
    let dir = CommandLineTests.temporary("sweep")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let spec = dir + "/spec.yaml"
    try Self.spec.write(toFile: spec, atomically: true, encoding: .utf8)

    let reference = dir + "/reference.sqlite"
    let first = try CommandLineTests.lyap(["sweep", "run", spec, "--store", reference])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("6 trials — 6 finished, 0 failed"), "\(first.stdout)")
    let expected = try Self.results(reference, in: dir)
    #expect(expected.count == 1 + 6 * 4)

    let two = dir + "/two.sqlite"
    let parallel = try CommandLineTests.lyap([
      "sweep", "run", spec, "--store", two, "--workers", "2",
    ])
    #expect(parallel.status == 0, "\(parallel.stderr)")
    #expect(try Self.results(two, in: dir) == expected)

    // SIGKILL the sweep at seeded random moments, then finish it with the same command.
    let killed = dir + "/killed.sqlite"
    var generator = SystemRandomNumberGenerator()
    var delays = [0.04, 0.15, 0.35, 0.6]
    delays.append(Double.random(in: 0.05...0.8, using: &generator))
    var kills = 0
    for delay in delays {
      let process = Process()
      process.executableURL = CommandLineTests.binary
      process.arguments = ["sweep", "run", spec, "--store", killed, "--workers", "2"]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      Thread.sleep(forTimeInterval: delay)
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        kills += 1
      }
      process.waitUntilExit()
    }
    let last = try CommandLineTests.lyap(["sweep", "run", spec, "--store", killed])
    #expect(last.status == 0, "\(last.stderr)")
    #expect(try Self.results(killed, in: dir) == expected, "after \(kills) kills")

    // A store file left empty by a kill as its creation began (as stores created in place
    // left them) is reported as such, and the same command creates the store anew.
    let empty = dir + "/empty.sqlite"
    #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
    let emptyStatus = try CommandLineTests.lyap(["sweep", "status", empty])
    #expect(emptyStatus.status != 0, "\(emptyStatus.stdout)")
    #expect(emptyStatus.stderr.contains("empty result store"), "\(emptyStatus.stderr)")
    #expect(emptyStatus.stderr.contains(empty), "\(emptyStatus.stderr)")
    let recreated = try CommandLineTests.lyap(["sweep", "run", spec, "--store", empty])
    #expect(recreated.status == 0, "\(recreated.stderr)")
    #expect(try Self.results(empty, in: dir) == expected)

    // Two shards into their own stores, merged.
    for i in 1...2 {
      let shard = try CommandLineTests.lyap([
        "sweep", "run", spec, "--store", dir + "/shard-\(i).sqlite", "--shard", "\(i)/2",
      ])
      #expect(shard.status == 0, "\(shard.stderr)")
    }
    let merge = try CommandLineTests.lyap([
      "sweep", "merge", dir + "/shard-1.sqlite", dir + "/shard-2.sqlite", "--output",
      dir + "/merged.sqlite",
    ])
    #expect(merge.status == 0, "\(merge.stderr)")
    #expect(try Self.results(dir + "/merged.sqlite", in: dir) == expected)
    let mismatch = try CommandLineTests.lyap([
      "sweep", "merge", reference, dir + "/other.sqlite", "--output", dir + "/bad.sqlite",
    ])
    #expect(mismatch.status != 0)

    let status = try CommandLineTests.lyap(["sweep", "status", reference])
    #expect(status.status == 0 && status.stdout.contains("6 finished"), "\(status.stdout)")
  }

  @Test func specErrorsAreReportedBeforeAnythingRuns() throws {
    let dir = CommandLineTests.temporary("sweep-bad")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let spec = dir + "/spec.yaml"
    try "name: bad\ntask: signal\nfixed: {hiden-size: 8}\n"
      .write(toFile: spec, atomically: true, encoding: .utf8)
    let run = try CommandLineTests.lyap(["sweep", "run", spec, "--store", dir + "/s.sqlite"])
    #expect(run.status != 0 && run.stderr.contains("hidden-size"), "\(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/s.sqlite"))
    try Self.spec.write(toFile: spec, atomically: true, encoding: .utf8)
    let shard = try CommandLineTests.lyap([
      "sweep", "run", spec, "--store", dir + "/s.sqlite", "--shard", "3/2",
    ])
    #expect(shard.status != 0 && shard.stderr.contains("3/2"), "\(shard.stderr)")
  }
}
