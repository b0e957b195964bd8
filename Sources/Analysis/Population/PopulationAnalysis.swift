import LinearAlgebra

/// The whole analysis of a population: correlations of spectrum statistics with the loss,
/// PredNet, AeLLE and the classifiers over held-out splits, the pre-trained AeLLE across
/// training (when spectra were recorded through training) and the latent perturbations of
/// the first split's autoencoder.
///
/// Networks with a non-finite loss or no finite final spectrum are dropped (and counted);
/// the rest are cleaned as ``SpectrumPopulation`` says. All splits are over the kept
/// networks and seeded by ``seed``.
public struct PopulationAnalysis: Codable, Equatable, Sendable {
  public var splits = 5
  public var seed: UInt64 = 0
  public var testFraction = 0.2
  public var validationFraction = 0.1
  public var training = AeLLETraining()
  /// The d of the 2^d-cell classifiers.
  public var cells = [1, 2, 4, 10]
  /// Principal components kept of the latent vectors and of the raw spectra.
  public var components = 10
  public var prednet = PredNet()
  public var bootstrapResamples = 2000
  public var resampling = SpectrumResampling.thesis
  /// Fractions of each run's epochs at which the pre-trained AeLLE classifies.
  public var epochFractions = [0, 0.1, 0.2, 0.5]
  /// Changes of the predicted loss for the latent perturbations, in units of the training
  /// losses' standard deviation.
  public var perturbationSteps = [-2, -1, -0.5, 0.5, 1, 2]

  public init() {}

  /// The JSON-ready results.
  public struct Report: Encodable, Sendable {
    public var configuration: PopulationAnalysis
    public var networks: Int
    public var dropped: SpectrumPopulation.Dropped
    public var replacedInfinities: Int
    public var infinityReplacement: Double?
    public var resampling: SpectrumResampling?
    /// Classifier names in table order.
    public var classifierNames: [String]
    public var classifiers: [String: ClassifierSummary]
    public var pairedF1Differences: [String: SplitStatistic]
    public var correlations: SpectrumFeatures
    public var prednet: PredNet.Report
    public var pretrained: PretrainedAeLLE.Report?
    /// Per split: input indices of the training, validation and test networks.
    public var splitIndices: [HeldOutSplit]
    /// Per split: the autoencoder's kept epoch.
    public var aelleKeptEpochs: [Int]
  }

  /// What the output folder needs beyond the report.
  public struct Artifacts: Sendable {
    public var population: SpectrumPopulation
    public var firstSplit: HeldOutSplit
    public var firstModels: SplitModels
    public var rules: [String: FittedRule]
    public var perturbations: LatentPerturbation
    public var pretrainedModel: AeLLEModel?
    /// The hyperparameters of the kept networks, in input order.
    public var parameters: [(name: String, values: AnalysisInput.Values)] = []
  }

  /// Runs everything on `input`.
  /// - Parameter progress: called with a stage name, work done and total (AE epochs).
  /// - Throws: ``AnalysisInputError`` for too few networks or a constant loss; numerical
  ///   errors of the fits.
  public func run(_ input: AnalysisInput, progress: ((String, Int, Int) -> Void)? = nil) throws
    -> (report: Report, artifacts: Artifacts)
  {
    guard splits >= 1 else { throw AnalysisInputError.badSetting("splits", Double(splits)) }
    let population = try SpectrumPopulation(
      trajectories: input.trajectories, epochs: input.finalEpochs, losses: input.losses,
      resampling: resampling)
    let n = population.kept.count
    guard n >= AnalysisInput.minimumNetworks else {
      throw AnalysisInputError.tooFewNetworks(
        kept: n, droppedLoss: population.dropped.nonFiniteLoss,
        droppedSpectrum: population.dropped.noFiniteSpectrum)
    }
    guard let first = population.losses.first, population.losses.contains(where: { $0 != first })
    else { throw AnalysisInputError.constantLoss(population.losses[0]) }
    let testCount = Int((Double(n) * testFraction).rounded())
    let validationCount = Int((Double(n) * validationFraction).rounded())
    guard testFraction > 0, testFraction < 1, testCount >= 1 else {
      throw AnalysisInputError.badSetting("test fraction", testFraction)
    }
    guard validationFraction >= 0, validationFraction < 1,
      n - testCount - max(validationCount, validationFraction > 0 ? 1 : 0) >= 2
    else { throw AnalysisInputError.badSetting("validation fraction", validationFraction) }
    let losses = population.losses
    let k = population.spectra[0].count
    let spectra = Matrix(rows: k, columns: n, storage: Array(population.spectra.joined()))
    let parameters: [(name: String, values: AnalysisInput.Values)] = input.parameters.map { p in
      switch p.values {
      case .numeric(let x): (p.name, .numeric(population.kept.map { x[$0] }))
      case .categorical(let c): (p.name, .categorical(population.kept.map { c[$0] }))
      }
    }
    let means = population.statistics.map(\.mean)
    let maxima = population.statistics.map(\.max)
    let heldOut = HeldOutSplit.random(
      count: n, splits: splits, testFraction: testFraction,
      validationFraction: validationFraction, seed: seed)
    var evaluation = ClassifierEvaluation()
    var firstModels: SplitModels?
    var kept: [Int] = []
    for (s, split) in heldOut.enumerated() {
      let models = try SplitModels(
        spectra: spectra, losses: losses, split: split, training: training,
        components: components, seed: seed &+ UInt64(s),
        progress: progress.map { p in
          { (done: Int, total: Int) in p("AeLLE split \(s + 1)/\(heldOut.count)", done, total) }
        })
      kept.append(models.aelle.keptEpoch)
      evaluation.add(
        ClassifierEvaluation.features(
          models: models, means: means, maxima: maxima, parameters: parameters, cells: cells),
        losses: losses, split: split)
      if s == 0 { firstModels = models }
    }
    guard let firstModels else { throw AnalysisInputError.badSetting("splits", Double(splits)) }
    var prednetSettings = prednet
    prednetSettings.seed = seed
    let prednetReport = try prednetSettings.evaluate(spectra: population.spectra, losses: losses)
    let perturbations = try LatentPerturbation(
      models: firstModels, training: heldOut[0].train, steps: perturbationSteps)
    var pretrainedReport: PretrainedAeLLE.Report?
    var pretrainedModel: AeLLEModel?
    if input.hasEpochs {
      let pretrained = PretrainedAeLLE(
        training: training, fractions: epochFractions, components: components, seed: seed,
        resampling: resampling)
      let result = try pretrained.run(
        input, population: population, splits: heldOut,
        progress: progress.map { p in
          { (done: Int, total: Int) in p("pre-trained AeLLE", done, total) }
        })
      pretrainedReport = result.report
      pretrainedModel = result.firstModel
    }
    let report = Report(
      configuration: self, networks: n, dropped: population.dropped,
      replacedInfinities: population.replacedInfinities,
      infinityReplacement: population.infinityReplacement, resampling: population.resampling,
      classifierNames: evaluation.names, classifiers: evaluation.summaries,
      pairedF1Differences: evaluation.pairedF1Differences(),
      correlations: SpectrumFeatures(
        population, resamples: bootstrapResamples, seed: seed),
      prednet: prednetReport, pretrained: pretrainedReport,
      splitIndices: heldOut.map { split in
        HeldOutSplit(
          train: split.train.map { population.kept[$0] },
          validation: split.validation.map { population.kept[$0] },
          test: split.test.map { population.kept[$0] })
      }, aelleKeptEpochs: kept)
    return (
      report,
      Artifacts(
        population: population, firstSplit: heldOut[0], firstModels: firstModels,
        rules: evaluation.firstSplitRules, perturbations: perturbations,
        pretrainedModel: pretrainedModel, parameters: parameters)
    )
  }
}
