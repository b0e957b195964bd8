import LinearAlgebra
import TensorIO
import Testing

@testable import Analysis

/// The held-out protocol on synthetic populations with a known answer.
@Suite struct PopulationAnalysisTests {
  /// n networks with k exponents: spectrum `base + a_i v + noise`, loss `a_i` (so the good
  /// networks are those with small a, and the spectrum direction v tells them apart); a
  /// hyperparameter `noise` unrelated to the loss and one `a` equal to it.
  static func population(n: Int = 40, k: Int = 8, seed: UInt64 = 5) -> [String: NDArray<Double>] {
    var generator = SeededGenerator(seed: seed)
    let a = (0..<n).map { _ in generator.nextNormal() }
    var spectra: [Double] = []
    for i in 0..<n {
      for j in 0..<k {
        let base = -0.1 * Double(j)
        let v = 0.3 + 0.05 * Double(j)
        spectra.append(base + a[i] * v + 0.01 * generator.nextNormal())
      }
    }
    let unrelated = (0..<n).map { _ in generator.nextNormal() }
    return [
      "spectra": try! NDArray(shape: [n, k], data: spectra),
      "loss": try! NDArray(shape: [n], data: a),
      "param_noise": try! NDArray(shape: [n], data: unrelated),
      "param_a": try! NDArray(shape: [n], data: a),
    ]
  }

  static func quick() -> PopulationAnalysis {
    var analysis = PopulationAnalysis()
    analysis.splits = 2
    analysis.training.epochs = 60
    analysis.training.hidden = 8
    analysis.training.latent = 4
    analysis.training.learningRate = 1e-2
    analysis.cells = [1, 2]
    analysis.components = 4
    analysis.prednet.epochs = 20
    analysis.bootstrapResamples = 50
    return analysis
  }

  @Test func spectrumDirectionClassifiesAndTheUnrelatedParameterDoesNot() throws {
    let input = try AnalysisInput(arrays: Self.population())
    let (report, artifacts) = try Self.quick().run(input)
    let c = report.classifiers
    #expect(report.networks == 40 && report.dropped.total == 0)
    // The loss is a monotone function of the mean and max exponent and of raw PC1.
    for name in ["mean-le", "max-le", "le-pca", "param-a", "ridge"] {
      #expect(c[name]!.accuracy.mean >= 0.85, "\(name): \(c[name]!.accuracy)")
    }
    #expect(c["param-noise"]!.accuracy.mean < 0.85)
    #expect(c["aelle"] != nil && c["cells-d2"] != nil && c["raw-cells-d1"] != nil)
    #expect(c["mean-le"]!.f1.perSplit.count == 2 && c["mean-le"]!.inSample.f1.perSplit.count == 2)
    #expect(report.pairedF1Differences["aelle-vs-mean-le"] != nil)
    let meanRow = report.correlations.rows.first { $0.statistic == "mean" }!
    #expect(meanRow.pearson!.value > 0.99)
    // Perturbations: the head is linear, so the predicted losses move by exactly dT, and
    // every null-space point keeps the base prediction.
    let p = artifacts.perturbations
    for (d, predicted) in zip(p.deltas, p.predictedLosses) {
      #expect(abs(predicted - (p.baseLoss + d)) < 1e-9)
    }
    for predicted in p.nullPredictedLosses { #expect(abs(predicted - p.baseLoss) < 1e-9) }
    #expect(p.spectra.rows == 8 && p.nullSpectra.columns == 25)
  }

  /// Changing the test networks' losses changes nothing fitted and no held-out prediction.
  @Test func heldOutFitsNeverReadTestLosses() throws {
    let input = try AnalysisInput(arrays: Self.population())
    let population = try SpectrumPopulation(
      trajectories: input.trajectories, epochs: input.finalEpochs, losses: input.losses)
    let split = HeldOutSplit.random(count: 40, splits: 1, seed: 9)[0]
    var altered = population.losses
    for i in split.test { altered[i] = 100 - 7 * altered[i] }
    let spectra = Matrix(rows: 8, columns: 40, storage: Array(population.spectra.joined()))
    let settings = Self.quick().training
    func evaluate(_ losses: [Double]) throws -> (SplitModels, ClassifierEvaluation) {
      let models = try SplitModels(
        spectra: spectra, losses: losses, split: split, training: settings, components: 4,
        seed: 1)
      var evaluation = ClassifierEvaluation()
      evaluation.add(
        ClassifierEvaluation.features(
          models: models, means: population.statistics.map(\.mean),
          maxima: population.statistics.map(\.max),
          parameters: input.parameters.filter { $0.name == "noise" }, cells: [1, 2]),
        losses: losses, split: split)
      return (models, evaluation)
    }
    let (m1, e1) = try evaluate(population.losses)
    let (m2, e2) = try evaluate(altered)
    #expect(m1.aelle.model == m2.aelle.model && m1.ridge == m2.ridge)
    #expect(m1.latentPCA == m2.latentPCA && m1.rawPCA == m2.rawPCA)
    #expect(e1.firstSplitRules == e2.firstSplitRules)
    #expect(e1.testPredictions == e2.testPredictions)
    // The scores do change: the test labels are different.
    #expect(e1.heldOut["mean-le"] != e2.heldOut["mean-le"])
  }

  /// Spectra through training that already tell the final outcome at epoch 0: the
  /// statistic classifiers are perfect at every fraction; the loss baseline runs when
  /// per-epoch losses are given.
  @Test func pretrainedAcrossEpochs() throws {
    let n = 30
    let epochs = 4
    let k = 5
    var generator = SeededGenerator(seed: 2)
    let a = (0..<n).map { _ in generator.nextNormal() }
    var spectra: [Double] = []
    var lossEpochs: [Double] = []
    for i in 0..<n {
      for e in 0...epochs {
        for j in 0..<k { spectra.append(-0.2 * Double(j) + a[i] + 0.01 * Double(e)) }
        lossEpochs.append(a[i] + 1 / Double(e + 1))
      }
    }
    let input = try AnalysisInput(arrays: [
      "spectra": try NDArray(shape: [n, epochs + 1, k], data: spectra),
      "loss": try NDArray(shape: [n], data: a),
      "loss_epochs": try NDArray(shape: [n, epochs + 1], data: lossEpochs),
    ])
    #expect(input.hasEpochs && input.finalEpochs == [Int](repeating: epochs, count: n))
    let (report, _) = try Self.quick().run(input)
    let pretrained = try #require(report.pretrained)
    #expect(pretrained.lossBaseline && pretrained.spectraUsed == n * (epochs + 1))
    #expect(pretrained.epochs.map(\.meanEpoch) == [0, 0, 1, 2])  // round(f * 4), nearest
    for row in pretrained.epochs {
      #expect(row.classifiers["mean-le"]!.f1.mean == 1, "\(row.fraction)")
      #expect(row.classifiers["loss"] != nil && row.classifiers["aelle"] != nil)
    }
  }

  /// A run whose last recorded spectrum is before its final epoch is read there.
  @Test func finalSpectrumIsTheLastRecordedRow() throws {
    var data = [Double](repeating: -0.5, count: 2 * 3 * 2)
    data[4] = .nan  // network 0, epoch 2
    data[5] = .nan
    let input = try AnalysisInput(arrays: [
      "spectra": try NDArray(shape: [2, 3, 2], data: data),
      "loss": try NDArray(shape: [2], data: [0.1, 0.2]),
      "epochs": try NDArray(shape: [2], data: [2, 2]),
    ])
    #expect(input.finalEpochs == [1, 2])
  }

  @Test func badPopulationsAreErrors() throws {
    var arrays = Self.population()
    arrays["loss"] = nil
    #expect(throws: AnalysisInputError.missing("loss")) { try AnalysisInput(arrays: arrays) }
    arrays = Self.population()
    arrays["loss"] = try NDArray(shape: [39], data: [Double](repeating: 1, count: 39))
    #expect(throws: AnalysisInputError.shape("loss", [39], "[40]")) {
      try AnalysisInput(arrays: arrays)
    }
    arrays = Self.population()
    arrays["loss"] = try NDArray(shape: [40], data: [Double](repeating: 0.5, count: 40))
    #expect(throws: AnalysisInputError.constantLoss(0.5)) {
      try Self.quick().run(try AnalysisInput(arrays: arrays))
    }
    arrays = Self.population(n: 19)
    #expect(throws: AnalysisInputError.tooFewNetworks(kept: 19, droppedLoss: 0, droppedSpectrum: 0))
    {
      try Self.quick().run(try AnalysisInput(arrays: arrays))
    }
    arrays = Self.population()
    arrays["spectra"] = try NDArray(shape: [40, 8], data: [Double](repeating: .nan, count: 320))
    #expect(throws: AnalysisInputError.noFiniteSpectrum) { try AnalysisInput(arrays: arrays) }
    let input = try AnalysisInput(arrays: Self.population())
    var settings = Self.quick()
    settings.splits = 0
    #expect(throws: AnalysisInputError.badSetting("splits", 0)) { try settings.run(input) }
    settings = Self.quick()
    settings.testFraction = 0.9
    #expect(throws: AnalysisInputError.badSetting("validation fraction", 0.1)) {
      try settings.run(input)
    }
  }
}
