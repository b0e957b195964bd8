import Foundation
import TensorIO
import Testing

/// `lyap force` end to end: its JSON, its run folder and its errors.
@Suite struct ForceCommandTests {
  @Test func smallRunPrintsJSONAndWritesTheRunFolder() throws {
    let folder = CommandLineTests.temporary("force-run")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let run = try CommandLineTests.lyap([
      "force", "--size", "30", "--g", "1.3", "--seed", "2", "--epochs", "2", "--starts", "3",
      "--spectrum-steps", "20", "--exponents", "5", "--run-dir", folder, "--format", "json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    #expect((object["trainMAE"] as! [Double]).count == 2)
    #expect((object["validationMAE"] as! [Double]).last == object["mae"] as? Double)
    #expect((object["exponents"] as! [Double]).count == 5)
    #expect(object["statistics"] is [String: Any] && object["units"] as? String == "nats per step")
    let configuration = object["configuration"] as! [String: Any]
    #expect(configuration["gain"] as? Double == 1.3 && configuration["size"] as? Int == 30)
    for file in ["weights.safetensors", "spectrum.npy", "force.json"] {
      #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file)")
    }
    let saved =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: folder + "/force.json"))) as! [String: Any]
    #expect(saved["mae"] as? Double == object["mae"] as? Double)

    let table = try CommandLineTests.lyap([
      "force", "--size", "30", "--g", "1.3", "--seed", "2", "--epochs", "2", "--starts", "3",
      "--spectrum-steps", "20", "--exponents", "5",
    ])
    #expect(table.status == 0 && table.stdout.contains("validation MAE"))
  }

  /// Counts of one are written in the singular: "1 output", "1 exponent", "1 start", "1 step".
  @Test func countsOfOneAreSingular() throws {
    let target = CommandLineTests.temporary("target.npy")
    defer { try? FileManager.default.removeItem(atPath: target) }
    let samples = (0..<200).map { sin(Double($0) * 0.1) }
    try NPY.write(try NDArray(shape: [200], data: samples), to: URL(fileURLWithPath: target))
    let run = try CommandLineTests.lyap([
      "force", "--size", "20", "--epochs", "1", "--target", target, "--starts", "1",
      "--spectrum-steps", "1", "--exponents", "1",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("target 200 samples x 1 output\n"), "\(run.stdout)")
    #expect(
      run.stdout.contains("spectrum: 1 exponent in nats per step, 1 start x 1 step,"),
      "\(run.stdout)")
  }

  @Test(arguments: [
    (["force", "--size", "20", "--density", "0"], "--density 0"),
    (["force", "--size", "20", "--alpha=-1"], "--alpha -1"),
    (["force", "--size", "20", "--learn-every", "0"], "--learn-every 0"),
    (["force", "--size", "20", "--frequencies", "5:1"], "5:1"),
    (["force", "--size", "20", "--amplitudes", "x"], "--amplitudes x"),
    (["force", "--size", "20", "--target", "/nonexistent/t.npy"], "/nonexistent/t.npy"),
    (["force", "--size", "20", "--target", "t.npy", "--target-seed", "3"], "--target-seed"),
    (["force", "--size", "20", "--exponents", "21"], "--exponents 21"),
    (["force", "--size", "20", "--format", "csv"], "csv"),
  ])
  func badOptionsFailWithNamedValues(arguments: [String], named: String) throws {
    let run = try CommandLineTests.lyap(arguments)
    #expect(run.status != 0)
    #expect(run.stderr.contains(named), "\(run.stderr)")
  }
}
