import Foundation
import Report
import TensorIO
import Testing

/// Sweep figures and the reading of a sweep's npz export, on synthetic trials whose
/// statistics are computed by hand.
@Suite struct SweepFiguresTests {
  /// Four trials: two with spectra and losses, one failed (no spectrum, no loss), one with an
  /// annihilated direction.
  static func trials() throws -> SweepTrials {
    try SweepTrials(
      ids: ["a1b2", "a1c3", "ff00", "e7d9"],
      statuses: ["completed", "completed", "failed", "completed"],
      loss: [0.5, 1, .nan, 2], epochs: [3, 3, 1, 3],
      finalSpectra: [[0.5, -0.5], [1, -2], [], [-0.25, -.infinity]],
      parameters: [(name: "lr", column: .numbers([0.1, 0.01, 0.1, 0.01]))])
  }

  static func figure(_ name: String, highlight: [String] = ["a1c"]) throws -> ElementCollector {
    let figures = try SweepFigures(trials(), highlight: highlight).figures()
    let figure = try #require(figures.first { $0.name == name }?.figure)
    return try #require(ElementCollector.parse(figure.svg()))
  }

  static func points(_ parsed: ElementCollector) -> [[String]] {
    parsed.elements.filter { $0.attributes["class"] == "point" }.map {
      $0.name == "circle"
        ? ["circle", $0.attributes["cx"]!, $0.attributes["cy"]!, $0.attributes["fill"]!]
        : ["square", $0.attributes["x"]!, $0.attributes["y"]!, $0.attributes["fill"]!]
    }
  }

  @Test func figureNamesAreFixed() throws {
    let names = try SweepFigures(Self.trials()).figures().map(\.name)
    #expect(
      names == [
        "spectra.svg", "max-vs-loss.svg", "mean-vs-loss.svg", "median-vs-loss.svg",
        "std-vs-loss.svg", "sum-vs-loss.svg", "positive-count-vs-loss.svg",
        "kaplan-yorke-vs-loss.svg", "entropy-vs-loss.svg",
      ])
  }

  @Test func maxAgainstLossAtHandComputedPixels() throws {
    // Loss 0.5 ... 2 (ticks 0.5 apart): 388 / 1.5 px per unit from x = 72.
    // Max 0.5, 1, -0.25 (ticks -0.5 ... 1): 208 px per unit up from y = 348 at -0.5.
    let parsed = try Self.figure("max-vs-loss.svg")
    let grey = Palette.grey
    #expect(
      Self.points(parsed) == [
        ["circle", "72.00", "140.00", grey], ["circle", "460.00", "296.00", grey],
        // a1c3 at (1, 1), a square 8 px wide centred there.
        ["square", "197.33", "32.00", Palette.categorical(0)],
        // The legend's swatches.
        ["circle", "484.00", "44.00", grey],
      ])
    #expect(parsed.texts.contains("a1c3") && parsed.texts.contains("trials"))
  }

  @Test func kaplanYorkeDimensionAgainstLoss() throws {
    // a1b2: 0.5 - 0.5 = 0 keeps both partial sums >= 0, so k = 2; a1c3: 1 + 1/2 = 1.5;
    // e7d9: its largest finite exponent is negative, 0. Ticks 0 ... 2: 156 px per unit.
    let parsed = try Self.figure("kaplan-yorke-vs-loss.svg")
    #expect(
      Self.points(parsed).prefix(3) == [
        ["circle", "72.00", "36.00", Palette.grey], ["circle", "460.00", "348.00", Palette.grey],
        ["square", "197.33", "110.00", Palette.categorical(0)],
      ])
  }

  @Test func spectraAreGreyWithHighlightsInColour() throws {
    let parsed = try Self.figure("spectra.svg")
    let strokes = parsed.elements.filter { $0.name == "polyline" }.map { $0.attributes["stroke"]! }
    // a1b2 in grey, a1c3 highlighted; e7d9 has one finite exponent (no line) and one on the floor.
    #expect(strokes == [Palette.grey, Palette.categorical(0)])
    #expect(parsed.elements.filter { $0.attributes["class"] == "infinite" }.count == 2)
    #expect(parsed.texts.contains("Final spectra of 3 trials"))
    #expect(parsed.texts.contains("-inf (at axis floor): 1"))
  }

  @Test func highlightPrefixesMustNameOneTrial() throws {
    #expect(try SweepFigures(Self.trials(), highlight: ["ff", "a1b"]).highlighted == [2, 0])
    #expect {
      try SweepFigures(Self.trials(), highlight: ["a1"])
    } throws: { "\($0)".contains("'a1' starts 2 trial ids (a1b2, a1c3)") }
    #expect {
      try SweepFigures(Self.trials(), highlight: ["zz"])
    } throws: { "\($0)".contains("no trial id starts with 'zz'") }
    #expect {
      try SweepTrials(ids: ["a"], loss: [1, 2], finalSpectra: [[]])
    } throws: { "\($0)".contains("1 trial ids but 2 values of loss") }
  }

  @Test func npzExportGivesEachTrialsFinalSpectrum() throws {
    let nan = Double.nan
    // [3 trials, 3 epoch rows (epochs 0, 1, 2), kmax 3], NaN padded.
    let spectra: [Double] = [
      0.9, 0.9, nan, 0.4, -0.2, nan, 0.1, -0.3, nan,  // k 2, epochs 2: the last row
      0.5, 0.5, 0.5, 0.2, -0.1, -0.4, nan, nan, nan,  // stopped after epoch 1
      0.7, 0.7, 0.7, 0.3, 0, -.infinity, nan, nan, nan,  // last spectrum failed: epoch 1's
    ]
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "sweep-\(UUID().uuidString).npz")
    defer { try? FileManager.default.removeItem(at: url) }
    func numbers(_ shape: [Int], _ data: [Double]) throws -> NPYArray {
      .numbers(try NDArray(shape: shape, data: data))
    }
    try NPZ.write(
      [
        "trial_id": .strings(NDStringArray(["9f1c", "03ab", "77e0"])),
        "status": .strings(NDStringArray(["finished", "pruned", "finished"])),
        "loss": try numbers([3], [0.3, 0.6, 0.9]),
        "accuracy": try numbers([3], [0.9, 0.8, 0.7]),
        "k": try numbers([3], [2, 3, 3]),
        "epochs": try numbers([3], [2, 1, 2]),
        "spectra": try numbers([3, 3, 3], spectra),
        "param_lr": try numbers([3], [0.1, 0.01, 0.001]),
        "param_arch": .strings(NDStringArray(["rnn", "lstm", "gru"])),
      ], to: url)
    let trials = try SweepTrials(npz: url)
    #expect(trials.ids == ["9f1c", "03ab", "77e0"] && trials.epochs == [2, 1, 2])
    #expect(trials.statuses == ["finished", "pruned", "finished"])
    #expect(trials.statusCounts.map(\.status) == ["finished", "pruned"])
    #expect(trials.finalSpectra[0] == [0.1, -0.3] && trials.finalSpectra[1] == [0.2, -0.1, -0.4])
    #expect(trials.finalSpectra[2] == [0.3, 0, -.infinity])
    #expect(trials.parameters.map(\.name) == ["arch", "lr"])
    #expect(trials.parameters[0].column == .text(["rnn", "lstm", "gru"]))
    #expect(trials.parameters[1].column == .numbers([0.1, 0.01, 0.001]))

    // [trials, kmax] without k or trial_id: trailing NaN padding is dropped, rows are ids.
    try NPZ.write(
      [
        "loss": try NDArray(shape: [2], data: [1, 2]),
        "spectra": try NDArray(shape: [2, 2], data: [0.5, nan, 0.25, -1]),
      ], to: url)
    let plain = try SweepTrials(npz: url)
    #expect(plain.finalSpectra == [[0.5], [0.25, -1]] && plain.ids == ["0", "1"])

    try NPZ.write(["loss": try NDArray(shape: [1], data: [1])], to: url)
    #expect {
      try SweepTrials(npz: url)
    } throws: { "\($0)".contains("it needs the arrays loss and spectra, it has loss") }
  }
}
