import LinearAlgebra

/// The pre-trained AeLLE across training (thesis Tables 3.1-3.3): does a network's spectrum
/// early in training tell its final outcome?
///
/// For each split, an autoencoder is trained on the spectra of every recorded epoch of the
/// training networks (minus the validation networks, whose spectra choose the kept state),
/// each labelled with its network's final loss (standardized with the training networks'
/// statistics); the per-exponent standardization and the latent PCA are fitted on all
/// epochs of the training networks. Each network is then represented at fraction f of its
/// run by its spectrum at epoch `round(f * epochs)` (the nearest recorded usable one). At
/// each f, four classifiers of the final outcome (good: final loss below the training
/// networks' median) choose threshold and direction by the best F1 on the training
/// networks at that f (``ThresholdRule/bestF1(_:labels:)``): `aelle` (latent PC1),
/// `mean-le`, `max-le`, and `loss` (the loss at that epoch, only when the input holds
/// per-epoch losses for every network). Precision, recall and F1 are on the test networks.
public struct PretrainedAeLLE: Sendable {
  public var training: AeLLETraining
  public var fractions: [Double]
  public var components: Int
  public var seed: UInt64
  public var resampling: SpectrumResampling

  public init(
    training: AeLLETraining, fractions: [Double], components: Int, seed: UInt64,
    resampling: SpectrumResampling
  ) {
    self.training = training
    self.fractions = fractions
    self.components = components
    self.seed = seed
    self.resampling = resampling
  }

  /// The scores at one fraction of training.
  public struct EpochRow: Codable, Equatable, Sendable {
    public var fraction: Double
    /// The mean (over networks) epoch used.
    public var meanEpoch: Double
    public var classifiers: [String: ScoreSummary]
  }

  public struct Report: Codable, Equatable, Sendable {
    public var epochs: [EpochRow]
    /// Whether the loss-at-epoch baseline ran (it needs `loss_epochs` for every network).
    public var lossBaseline: Bool
    /// Spectra (network, epoch) used, and those left out (no finite exponent).
    public var spectraUsed: Int
    public var spectraDropped: Int
    public var keptEpochs: [Int]
  }

  /// Runs on the kept networks of `population` (from `input`) over `splits` (indices into
  /// the kept networks).
  public func run(
    _ input: AnalysisInput, population: SpectrumPopulation, splits: [HeldOutSplit],
    progress: ((Int, Int) -> Void)? = nil
  ) throws -> (report: Report, firstModel: AeLLEModel?) {
    // Every recorded row of every kept network, cleaned as one population.
    var owners: [(network: Int, epoch: Int)] = []
    var rows: [[Double]] = []
    for (j, i) in population.kept.enumerated() {
      for e in 0...input.finalEpochs[i] {
        owners.append((j, e))
        rows.append(input.trajectories[i][e])
      }
    }
    let cleaned = try SpectrumPopulation(
      spectra: rows, losses: [Double](repeating: 0, count: rows.count), resampling: resampling)
    let usedOwners = cleaned.kept.map { owners[$0] }
    var rowsOf = [[(epoch: Int, row: Int)]](repeating: [], count: population.kept.count)
    for (r, owner) in usedOwners.enumerated() { rowsOf[owner.network].append((owner.epoch, r)) }
    let k = cleaned.spectra[0].count
    let x = Matrix(
      rows: k, columns: cleaned.spectra.count, storage: Array(cleaned.spectra.joined()))
    let finals = population.losses
    let lossEpochs = input.lossEpochs.map { l in population.kept.map { l[$0] } }

    /// The row used for network j at fraction f, and its epoch.
    func row(_ j: Int, _ f: Double) -> (epoch: Int, row: Int)? {
      let target = f * Double(input.finalEpochs[population.kept[j]])
      return rowsOf[j].min { abs(Double($0.epoch) - target) < abs(Double($1.epoch) - target) }
    }
    let usable = (0..<population.kept.count).filter { !rowsOf[$0].isEmpty }
    var lossBaseline = lossEpochs != nil
    var scores: [[String: [BinaryScores]]] = fractions.map { _ in [:] }
    var meanEpochs = [Double](repeating: 0, count: fractions.count)
    var keptEpochs: [Int] = []
    var firstModel: AeLLEModel?
    for (s, split) in splits.enumerated() {
      let usableSet = Set(usable)
      let train = split.train.filter { usableSet.contains($0) }
      let validation = split.validation.filter { usableSet.contains($0) }
      let test = split.test.filter { usableSet.contains($0) }
      guard !train.isEmpty, !test.isEmpty else { continue }
      let trainRows = train.flatMap { rowsOf[$0].map(\.row) }
      let validationSet = Set(validation)
      let fittingRows = train.filter { !validationSet.contains($0) }.flatMap {
        rowsOf[$0].map(\.row)
      }
      let validationRows = validation.flatMap { rowsOf[$0].map(\.row) }
      let scaling = Standardization(fitting: x.selectingColumns(trainRows))
      let standardized = scaling.apply(x)
      let trainFinals = train.map { finals[$0] }
      let lossScaling = Standardization(
        fitting: Matrix(rows: 1, columns: trainFinals.count, storage: trainFinals))
      let target = { (r: Int) in
        (finals[usedOwners[r].network] - lossScaling.means[0]) / lossScaling.deviations[0]
      }
      var settings = training
      settings.seed = training.seed &+ UInt64(s)
      let result = try settings.train(
        standardized.selectingColumns(fittingRows), fittingRows.map(target),
        validation: standardized.selectingColumns(validationRows), validationRows.map(target),
        progress: progress)
      keptEpochs.append(result.keptEpoch)
      if s == 0 { firstModel = result.model }
      let latent = result.model.encode(standardized)
      let pca = try PrincipalComponents(fitting: latent.selectingColumns(trainRows), count: 1)
      let pc1 = pca.transform(latent).rowValues(0)
      let threshold = median(trainFinals)
      let trainLabels = train.map { finals[$0] < threshold }
      let testLabels = test.map { finals[$0] < threshold }
      for (fi, f) in fractions.enumerated() {
        let chosen = (0..<population.kept.count).map { row($0, f) }
        if s == 0 {
          meanEpochs[fi] =
            Double(usable.reduce(0) { $0 + chosen[$1]!.epoch }) / Double(usable.count)
        }
        var features: [String: [Double]] = [:]
        features["aelle"] = usable.reduce(
          into: [Double](repeating: 0, count: population.kept.count)
        ) {
          $0[$1] = pc1[chosen[$1]!.row]
        }
        features["mean-le"] = population.kept.indices.map { j in
          chosen[j].map { cleaned.statistics[$0.row].mean } ?? 0
        }
        features["max-le"] = population.kept.indices.map { j in
          chosen[j].map { cleaned.statistics[$0.row].max } ?? 0
        }
        if let lossEpochs {
          let values = population.kept.indices.map { j in
            chosen[j].map { lossEpochs[j][$0.epoch] } ?? .nan
          }
          if (train + test).allSatisfy({ values[$0].isFinite }) {
            features["loss"] = values
          } else {
            lossBaseline = false
          }
        }
        for (name, values) in features {
          let rule = ThresholdRule.bestF1(train.map { values[$0] }, labels: trainLabels)
          scores[fi][name, default: []].append(
            BinaryScores(predicted: rule.predict(test.map { values[$0] }), actual: testLabels))
        }
      }
    }
    let epochs = fractions.indices.map { fi in
      EpochRow(
        fraction: fractions[fi], meanEpoch: meanEpochs[fi],
        classifiers: scores[fi].filter { lossBaseline || $0.key != "loss" }
          .mapValues { ScoreSummary($0) })
    }
    return (
      Report(
        epochs: epochs, lossBaseline: lossBaseline, spectraUsed: cleaned.kept.count,
        spectraDropped: cleaned.dropped.total, keptEpochs: keptEpochs),
      firstModel
    )
  }
}
