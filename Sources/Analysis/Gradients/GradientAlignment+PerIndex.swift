/// The per-index alignment deviations behind ``GradientAlignment``'s group means, and their
/// distributions over each group's indices and the steps.
extension GradientAlignment {
  /// One sequence's (or a sum over sequences of) sample standard deviations of the cosines,
  /// per Q index (N values) and per baseline vector (10 values).
  struct IndexDeviations: Sendable {
    var firstFive: [Double]
    var lastFive: [Double]
    var baselineFirstFive: [Double]
    var baselineLastFive: [Double]

    func adding(_ o: Self) -> Self {
      func plus(_ x: [Double], _ y: [Double]) -> [Double] { zip(x, y).map { $0 + $1 } }
      return Self(
        firstFive: plus(firstFive, o.firstFive), lastFive: plus(lastFive, o.lastFive),
        baselineFirstFive: plus(baselineFirstFive, o.baselineFirstFive),
        baselineLastFive: plus(baselineLastFive, o.baselineLastFive))
    }
  }

  /// Per step and Q index, the sample standard deviation of `A_t[i][0..<5]` (`firstFive`)
  /// and of `A_t[i][N-5..<N]` (`lastFive`), averaged over the sequences added; the same for
  /// the ten baseline vectors. Rows are steps in ``steps`` order.
  public struct PerIndexDeviations: Sendable {
    /// The steps t of the rows, ascending.
    public var steps: [Int]
    /// `[steps.count][N]`.
    public var firstFive: [[Double]]
    /// `[steps.count][N]`.
    public var lastFive: [[Double]]
    /// `[steps.count][10]`: the random unit vectors against the first five.
    public var baselineFirstFive: [[Double]]
    /// `[steps.count][10]`: the random unit vectors against the last five.
    public var baselineLastFive: [[Double]]
  }

  /// The distributions of the per-index deviations of the four groups (first ten, last ten,
  /// random ten Q indices, random vectors), each over its indices and every step.
  public struct GroupDistributions: Codable, Equatable, Sendable {
    public var firstTenQ: ValueDistribution
    public var lastTenQ: ValueDistribution
    public var randomTenQ: ValueDistribution
    public var randomVectors: ValueDistribution
  }

  /// The group distributions for the first five and the last five singular vectors.
  public struct Distributions: Codable, Equatable, Sendable {
    public var firstFiveSingular: GroupDistributions
    public var lastFiveSingular: GroupDistributions
  }

  /// The per-index deviations averaged over the sequences, in step order (empty before
  /// any `add`). A group's mean in ``steps`` is the mean of these over its indices.
  public var perIndex: PerIndexDeviations {
    let steps = indexSums.keys.sorted()
    let means = steps.map { t in
      let sum = indexSums[t]!
      let c = 1 / Double(sequencesAdded(at: t))
      func scaled(_ x: [Double]) -> [Double] { x.map { $0 * c } }
      return IndexDeviations(
        firstFive: scaled(sum.firstFive), lastFive: scaled(sum.lastFive),
        baselineFirstFive: scaled(sum.baselineFirstFive),
        baselineLastFive: scaled(sum.baselineLastFive))
    }
    return PerIndexDeviations(
      steps: steps, firstFive: means.map(\.firstFive), lastFive: means.map(\.lastFive),
      baselineFirstFive: means.map(\.baselineFirstFive),
      baselineLastFive: means.map(\.baselineLastFive))
  }

  /// Each group's distribution over its indices and all steps (10 x steps values per group
  /// when N >= 10): the mean equals the group's mean in ``overall``. Fields are NaN (count
  /// 0) before any `add`.
  public var distributions: Distributions {
    let p = perIndex
    func groups(_ q: [[Double]], _ vectors: [[Double]]) -> GroupDistributions {
      func over(_ rows: [[Double]], _ indices: [Int]) -> ValueDistribution {
        ValueDistribution(rows.flatMap { row in indices.map { row[$0] } })
      }
      return GroupDistributions(
        firstTenQ: over(q, firstTenIndices), lastTenQ: over(q, lastTenIndices),
        randomTenQ: over(q, randomIndices), randomVectors: over(vectors, Array(0..<10)))
    }
    return Distributions(
      firstFiveSingular: groups(p.firstFive, p.baselineFirstFive),
      lastFiveSingular: groups(p.lastFive, p.baselineLastFive))
  }
}
