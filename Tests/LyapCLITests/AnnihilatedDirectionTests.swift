import Foundation
import Testing

/// Singular Jacobians are a result: a two-layer ReLU network with dead units annihilates
/// tangent directions, whose exponents are -infinity, while the command succeeds.
@Suite struct AnnihilatedDirectionTests {
  typealias CLI = CommandLineTests

  static func network() throws -> String {
    let path = CLI.temporary("relu.safetensors")
    let made = try CLI.lyap([
      "init", "--arch", "rnn-relu", "--input-size", "3", "--hidden-size", "8", "--layers", "2",
      "--seed", "1", "--output", path,
    ])
    #expect(made.status == 0, "\(made.stderr)")
    return path
  }

  @Test func jsonHasNullExponentsAndTheCollapses() throws {
    let model = try Self.network()
    let run = try CLI.lyap([
      "spectrum", "--model", model, "--batch", "2", "--steps", "200", "--seed", "3", "--format",
      "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let exponents = object["exponents"] as! [Any]
    let nulls = exponents.indices.filter { exponents[$0] is NSNull }
    #expect(!nulls.isEmpty)
    let std = object["std"] as! [Any]
    for i in nulls { #expect(std[i] is NSNull) }
    let collapses = object["collapses"] as! [[String: Int]]
    #expect(!collapses.isEmpty)
    for c in collapses {
      #expect(c["trajectory"]! >= 0 && c["trajectory"]! < 2)
      #expect(c["step"]! >= 0 && c["step"]! < 200)
    }
    // The batch mean is -inf exactly where some trajectory's exponent is.
    let collapsed = Set(collapses.map { $0["exponent"]! })
    #expect(collapsed == Set(nulls))
    let statistics = object["statistics"] as! [String: Any]
    #expect(statistics["infiniteCount"] as? Int == nulls.count)
    let finite = exponents.compactMap { $0 as? Double }
    #expect(abs((statistics["sum"] as! Double) - finite.reduce(0, +)) < 1e-9)

    // QR column order: the exponents before the first annihilated column do not see it, so
    // computing only those gives the same values.
    let first = collapsed.min()!
    if first > 0 {
      let leading = try CLI.lyap([
        "spectrum", "--model", model, "--batch", "2", "--steps", "200", "--seed", "3",
        "--exponents", "\(first)", "--format", "json",
      ])
      let lead = try JSONSerialization.jsonObject(with: Data(leading.stdout.utf8)) as! [String: Any]
      let values = lead["exponents"] as! [Double]
      for i in 0..<first { #expect(abs(values[i] - (exponents[i] as! Double)) < 1e-12) }
    }
  }

  /// diag(0, 1): the first direction is annihilated at once, the second is neutral.
  @Test func singularDiagonalMapIsAResult() throws {
    let run = try CLI.lyap([
      "spectrum", "--system", "diagonal", "--diagonal", "0", "1", "--steps", "10", "--format",
      "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let exponents = object["exponents"] as! [Any]
    #expect(exponents[0] is NSNull && exponents[1] as? Double == 0)
    let statistics = object["statistics"] as! [String: Any]
    #expect(statistics["max"] as? Double == 0 && statistics["infiniteCount"] as? Int == 1)
  }

  @Test func tableAndCSVPrintMinusInf() throws {
    let model = try Self.network()
    for format in ["table", "csv"] {
      let run = try CLI.lyap([
        "spectrum", "--model", model, "--batch", "2", "--steps", "50", "--seed", "3", "--format",
        format,
      ])
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stdout.contains("-inf"), "\(format): \(run.stdout)")
      #expect(!run.stdout.lowercased().contains("nan"), "\(format): \(run.stdout)")
    }
  }
}
