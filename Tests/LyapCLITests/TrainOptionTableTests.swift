import Foundation
import Testing
import Training

/// `lyap train`'s options and the library's option table are one list: every option the
/// command takes (but those that steer the command itself) is a key of `TrainOptions`, so
/// sweep specs can fix or vary each of them.
@Suite struct TrainOptionTableTests {
  @Test func everyTrainOptionIsInTheLibrarysTable() throws {
    let help = try CommandLineTests.lyap(["train", "--help"])
    let flags = Set(
      help.stdout.split(whereSeparator: { !($0.isLetter || $0 == "-") })
        .filter { $0.hasPrefix("--") && $0.count > 2 }.map { String($0.dropFirst(2)) })
    let commandOnly: Set = ["run-dir", "resume", "progress", "help", "no-carry-state", "version"]
    let table = Set(TrainOptions.names)
    #expect(flags.count > 30)
    #expect(flags.subtracting(commandOnly).subtracting(table).isEmpty)
    #expect(table.subtracting(flags).isEmpty, "\(table.subtracting(flags))")
  }

  @Test func resumeSaysWhichOptionsItIgnores() throws {
    let text = CommandLineTests.temporary("text.txt")
    let folder = CommandLineTests.temporary("run")
    defer { for path in [text, folder] { try? FileManager.default.removeItem(atPath: path) } }
    try String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 40)
      .write(toFile: text, atomically: true, encoding: .utf8)
    let first = try CommandLineTests.lyap([
      "train", "--task", "charrnn", "--text", text, "--hidden-size", "4", "--seq-len", "10",
      "--batch-size", "4", "--epochs", "1", "--spectrum-every", "0", "--run-dir", folder,
    ])
    #expect(first.status == 0, "\(first.stderr)")
    let again = try CommandLineTests.lyap([
      "train", "--run-dir", folder, "--resume", "--lr", "0.5", "--hidden-size", "9",
      "--epochs", "1",
    ])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stderr.contains("ignored: --hidden-size, --lr"), "\(again.stderr)")
  }
}
