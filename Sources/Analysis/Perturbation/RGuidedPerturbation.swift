import LinearAlgebra
import RecurrentNets
import Training

/// R-value-guided input perturbations (thesis Algorithm 3, Table 4.1, Figs. 4.3-4.5).
///
/// For each image (one sequence): run the forward QR recursion (forward orientation, QR at
/// every step, no warmup, k = the score's column count) over the hidden-state Jacobians,
/// score every step (``PerturbationScore``), and flip the inputs of the k highest-scoring
/// steps (a value 0 becomes 1, any other value 0; every feature of a step is flipped, the
/// one pixel of the pixels layout). The baseline flips `randomCount` random sets of k steps
/// (seeded). The effect is the change of the loss (cross-entropy of the class read at the
/// last step) against the unperturbed input; per k the R-flipped changes (one per image)
/// are compared with the random ones (`randomCount` per image) by
/// ``SignificanceTests/compare(_:_:)``.
public struct RGuidedPerturbation: ClassifierStudy {
  /// `[step]` of `M x B`: B images.
  public var inputs: [Matrix<Double>]
  /// B classes.
  public var classes: [Int]
  /// Numbers of flipped steps.
  public var ks: [Int]
  /// Random flips per image and k.
  public var randomCount: Int
  public var score: PerturbationScore
  /// Seeds the random flips.
  public var seed: UInt64

  public init(
    inputs: [Matrix<Double>], classes: [Int], ks: [Int], randomCount: Int,
    score: PerturbationScore, seed: UInt64
  ) {
    self.inputs = inputs
    self.classes = classes
    self.ks = ks
    self.randomCount = randomCount
    self.score = score
    self.seed = seed
  }

  /// One row of Table 4.1.
  public struct Row: Codable, Sendable {
    public var k: Int
    /// Mean loss change of the R-guided flips.
    public var meanRFlipped: Double
    /// Mean loss change of the random flips.
    public var meanRandom: Double
    public var comparison: SignificanceTests.Comparison
  }

  /// The logits of one image, unperturbed and perturbed at one k.
  public struct ImageLogits: Codable, Sendable {
    public var image: Int
    public var label: Int
    public var k: Int
    public var original: [Double]
    public var rFlipped: [Double]
    /// The first random flip's.
    public var randomFlipped: [Double]
  }

  public struct Output: Sendable {
    public var rows: [Row]
    /// Per image and k.
    public var logits: [ImageLogits]
    /// The flipped steps of each image at the largest k, best first.
    public var rankedSteps: [[Int]]
  }

  public func run<Cell: TrainableCell>(_ model: RecurrentClassifier<Cell>) throws -> Output
  where Cell.Scalar == Double {
    let steps = inputs.count
    guard randomCount >= 2 else {
      throw GradientStudyError.invalidValue(
        name: "random flip count", value: "\(randomCount)", hint: "need at least 2")
    }
    guard classes.count >= 2 else {
      throw GradientStudyError.invalidValue(
        name: "image count", value: "\(classes.count)", hint: "need at least 2 images")
    }
    if let bad = ks.first(where: { $0 < 1 || $0 > steps }) {
      throw GradientStudyError.invalidValue(
        name: "k", value: "\(bad)", hint: "need 1...\(steps) (the sequence length)")
    }
    guard score.columns <= model.hiddenSize else {
      throw GradientStudyError.invalidValue(
        name: "score", value: score.description,
        hint: "the mean reads at most \(model.hiddenSize) R values (the hidden size)")
    }
    var generator = SeededGenerator(seed: seed)
    var rDeltas = [[Double]](repeating: [], count: ks.count)
    var randomDeltas = [[Double]](repeating: [], count: ks.count)
    var logits: [ImageLogits] = []
    var ranked: [[Int]] = []
    try LocalTimeGradients.forEachSequence(model, inputs: inputs, classes: classes) {
      b, forward in
      let record = try QRFactorRecord(
        jacobians: model.jacobians(forward, convention: .hidden), columns: score.columns,
        orientation: .forward)
      let scores = score.scores(record)
      let order = scores.indices.sorted { (scores[$0], $1) > (scores[$1], $0) }
      ranked.append(Array(order.prefix(ks.max() ?? 0)))
      let image = forward.map(\.input)
      for (i, k) in ks.enumerated() {
        var variants = [Set(order.prefix(k))]
        for _ in 0..<randomCount { variants.append(Self.randomSubset(k, of: steps, &generator)) }
        let batch = Self.flipped(image, variants)
        let out = model.finalLogits(batch)
        let losses = (0..<out.columns).map {
          StepLoss<Double>.crossEntropy(out.columns($0..<($0 + 1)), targets: [classes[b]]).sum
        }
        guard losses.allSatisfy(\.isFinite) else {
          throw GradientStudyError.nonFinite(what: "the loss", sequence: b, step: steps - 1)
        }
        rDeltas[i].append(losses[1] - losses[0])
        randomDeltas[i] += losses[2...].map { $0 - losses[0] }
        logits.append(
          ImageLogits(
            image: b, label: classes[b], k: k, original: out.column(0), rFlipped: out.column(1),
            randomFlipped: out.column(2)))
      }
    }
    let rows = ks.indices.map { i in
      Row(
        k: ks[i], meanRFlipped: rDeltas[i].reduce(0, +) / Double(rDeltas[i].count),
        meanRandom: randomDeltas[i].reduce(0, +) / Double(randomDeltas[i].count),
        comparison: SignificanceTests.compare(rDeltas[i], randomDeltas[i]))
    }
    return Output(rows: rows, logits: logits, rankedSteps: ranked)
  }

  /// k distinct steps of `0..<steps`, uniformly (a partial Fisher-Yates shuffle).
  static func randomSubset(_ k: Int, of steps: Int, _ g: inout SeededGenerator) -> Set<Int> {
    var order = Array(0..<steps)
    for i in 0..<k {
      let j = i + Int(g.next(below: UInt64(steps - i)))
      order.swapAt(i, j)
    }
    return Set(order.prefix(k))
  }

  /// `[step]` of `M x V`: column v is `image` (`[step]` of `M x 1`) with the steps of
  /// `variants[v - 1]` flipped; column 0 is the image itself.
  static func flipped(_ image: [Matrix<Double>], _ variants: [Set<Int>]) -> [Matrix<Double>] {
    let m = image[0].rows
    let columns = variants.count + 1
    return image.enumerated().map { t, x in
      var out = Matrix<Double>(rows: m, columns: columns)
      for v in 0..<columns {
        let flip = v > 0 && variants[v - 1].contains(t)
        for f in 0..<m { out[f, v] = flip ? (x.storage[f] == 0 ? 1 : 0) : x.storage[f] }
      }
      return out
    }
  }
}
