import Foundation
import LinearAlgebra
import Lyapunov
import TensorIO
import Testing

@testable import Training

/// A whole FORCE run end to end at a small size: its report, files and validation.
@Suite struct ForceExperimentTests {
  static func small() -> ForceConfiguration {
    var c = ForceConfiguration()
    c.size = 40
    c.gain = 1.4
    c.epochs = 2
    c.starts = 3
    c.spectrumSteps = 30
    c.seed = 5
    c.target = .fourSine(seed: 9, frequencies: [1, 5], amplitudes: [1, 10])
    return c
  }

  @Test func runReportsAndWritesItsFiles() throws {
    let run = try ForceExperiment.run(Self.small())
    let report = run.report
    #expect(report.trainMAE.count == 2 && report.validationMAE.count == 2)
    #expect(report.mae == report.validationMAE[1])
    #expect(report.exponents.count == 40 && report.std.count == 40)
    #expect(report.startSteps.count == 3)
    #expect(report.target.frequencies.count == 4)
    // The same seeds give the same run.
    let again = try ForceExperiment.run(Self.small())
    #expect(again.report.mae == report.mae && again.report.exponents == report.exponents)

    let folder = ForceRunFolder(
      FileManager.default.temporaryDirectory.appendingPathComponent(
        "force-run-\(UUID().uuidString)"))
    defer { try? FileManager.default.removeItem(at: folder.url) }
    try folder.write(run)
    let weights = try SafeTensorsFile<Double>.read(folder.weights)
    let j = weights.tensors["J"]!
    #expect(j.shape == [40, 40])
    // Row-major with row = receiving unit: element [i, j] is J[i, j].
    #expect(j.data[3 * 40 + 7] == run.network.connectivity[3, 7])
    #expect(weights.tensors["w_f"]!.shape == [40, 1] && weights.tensors["w"]!.shape == [1, 40])
    #expect(weights.tensors["w"]!.data == run.network.readout.storage)
    #expect(weights.metadata["g"] == "1.4" && weights.metadata["targetSeed"] == "9")
    let spectrum = try NPY.read(folder.spectrum, as: Double.self)
    #expect(spectrum.shape == [40] && spectrum.data == report.exponents)
    let decoded = try JSONDecoder().decode(ForceReport.self, from: Data(contentsOf: folder.report))
    #expect(decoded == report)

    // An annihilated direction is null in JSON and -infinity when read back.
    var collapsed = report
    collapsed.exponents[39] = -.infinity
    collapsed.std[39] = .nan
    let text = String(decoding: try collapsed.json(), as: UTF8.self)
    #expect(text.contains("null"))
    let back = try JSONDecoder().decode(ForceReport.self, from: Data(text.utf8))
    #expect(back.exponents[39] == -.infinity && back.std[39].isNaN)
    #expect(Array(back.exponents.prefix(39)) == Array(report.exponents.prefix(39)))
  }

  @Test(arguments: 0..<5)
  func invalidSettingsAreNamed(index: Int) throws {
    var c = Self.small()
    let text: String
    switch index {
    case 0: (c.density, text) = (0, "density 0")
    case 1: (c.size, text) = (0, "size 0")
    case 2: (c.exponents, text) = (41, "exponents 41")
    case 3: (c.starts, text) = (5000, "starts 5000")
    default:
      c.target = .fourSine(seed: 0, frequencies: [3, 2], amplitudes: [1, 10])
      text = "[3, 2]"
    }
    #expect { try ForceExperiment.run(c) } throws: { "\($0)".contains(text) }
  }
}
