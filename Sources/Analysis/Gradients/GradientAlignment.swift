import LinearAlgebra
import RealModule

/// Alignment of the Q vectors with the singular vectors of the local-time gradients
/// (thesis Figs. 4.1, 4.2, C2), accumulated streaming over sequences and steps.
///
/// For `dV_t = U diag(s) V^T` (`N x N`, the sum of the gate blocks or one block) and the
/// square frame `Q_t` of the forward QR recursion at the same step, the alignment matrix is
/// `A_t = Q_t^T E_t`: `A_t[i][j]` is the cosine between `q_i` and the j-th singular vector
/// (E = U, the left ones, by default). Left, because `dV_t = sum_s a_s h_{s-1}^T` has its
/// column space spanned by the pre-activation gradients `a_s`, which are the BPTT state
/// gradients `Q_s R^T ... Q_t^T g` scaled by `act'`: the space where the Q vectors (state
/// perturbations) live. The right singular vectors span the states `h_{s-1}` instead.
///
/// For each Q index i, the sample standard deviation (n - 1) of `A_t[i][0..<5]` (the first
/// five singular vectors) and of `A_t[i][N-5..<N]` (the last five); averaged over the first
/// ten Q vectors, the last ten, ten Q indices drawn at random and ten random unit vectors (the
/// baseline, whose cosines with any orthonormal set have standard deviation `1/sqrt(N)`).
/// The per-index values themselves (``perIndex``) and their distributions over each group's
/// indices and the steps (``distributions``) are in GradientAlignment+PerIndex.swift.
public struct GradientAlignment: Sendable {
  /// Which singular vectors are compared with the Q vectors.
  public enum Side: String, Codable, Sendable, CaseIterable {
    case left
    case right
  }

  /// Mean standard deviation of the alignments of four groups of vectors.
  public struct Groups: Codable, Equatable, Sendable {
    public var firstTenQ = 0.0
    public var lastTenQ = 0.0
    public var randomTenQ = 0.0
    public var randomVectors = 0.0
  }

  /// The statistics of one step, averaged over the sequences seen.
  public struct StepSummary: Codable, Sendable {
    /// The step t (0-based).
    public var step: Int
    public var sequences: Int
    /// Alignment with the first five singular vectors.
    public var firstFiveSingular: Groups
    /// Alignment with the last five singular vectors.
    public var lastFiveSingular: Groups
    /// Participation ratios of `dV_t`, averaged over the sequences.
    public var participation: ParticipationRatio
  }

  public let hiddenSize: Int
  public let side: Side
  /// The Q indices of the random group.
  public let randomIndices: [Int]
  /// The baseline's unit vectors (`N x 10`).
  public let randomVectors: Matrix<Double>
  private var sums: [Int: StepSummary] = [:]
  /// Per step, the sums over sequences of the per-index deviations.
  var indexSums: [Int: IndexDeviations] = [:]

  /// An empty accumulator for `N x N` gradients; `seed` draws the random group and vectors.
  public init(hiddenSize n: Int, side: Side = .left, seed: UInt64 = 0) {
    hiddenSize = n
    self.side = side
    var g = SeededGenerator(seed: seed)
    var order = Array(0..<n)
    order.shuffleStably(using: &g)
    randomIndices = Array(order.prefix(10)).sorted()
    var v = Matrix<Double>.randomNormal(rows: n, columns: 10, using: &g)
    for j in 0..<10 {
      var norm = 0.0
      for i in 0..<n { norm += v[i, j] * v[i, j] }
      for i in 0..<n { v[i, j] /= norm.squareRoot() }
    }
    randomVectors = v
  }

  /// Adds one sequence's `dV_t` (`N x N`) with the frame `Q_t` (`N x N`) of that step.
  /// - Throws: LAPACK errors from the SVD (a non-finite gradient is one).
  public mutating func add(gradient: Matrix<Double>, frame q: Matrix<Double>, step t: Int) throws {
    let n = hiddenSize
    precondition(gradient.rows == n && gradient.columns == n && q.rows == n && q.columns == n)
    let svd = try singularValueDecomposition(gradient)
    let e = side == .left ? svd.u : svd.vt.transposed
    let a = q.transposedTimes(e)
    let baseline = randomVectors.transposedTimes(e)
    let five = min(5, n)
    let first = 0..<five
    let last = (n - five)..<n
    func deviations(_ m: Matrix<Double>, _ columns: Range<Int>) -> [Double] {
      (0..<m.rows).map { Self.sampleStd(m, row: $0, columns: columns) }
    }
    let perIndex = IndexDeviations(
      firstFive: deviations(a, first), lastFive: deviations(a, last),
      baselineFirstFive: deviations(baseline, first), baselineLastFive: deviations(baseline, last))
    func groups(_ q: [Double], _ vectors: [Double]) -> Groups {
      func mean(_ values: [Double], _ rows: [Int]) -> Double {
        rows.map { values[$0] }.reduce(0, +) / Double(rows.count)
      }
      return Groups(
        firstTenQ: mean(q, firstTenIndices), lastTenQ: mean(q, lastTenIndices),
        randomTenQ: mean(q, randomIndices), randomVectors: mean(vectors, Array(0..<10)))
    }
    let ratio = ParticipationRatio(singularValues: svd.s)
    var s =
      sums[t]
      ?? StepSummary(
        step: t, sequences: 0, firstFiveSingular: Groups(), lastFiveSingular: Groups(),
        participation: ParticipationRatio(thesis: 0, normalized: 0))
    s.sequences += 1
    s.firstFiveSingular.add(groups(perIndex.firstFive, perIndex.baselineFirstFive))
    s.lastFiveSingular.add(groups(perIndex.lastFive, perIndex.baselineLastFive))
    indexSums[t] = indexSums[t].map { $0.adding(perIndex) } ?? perIndex
    s.participation.thesis += ratio.thesis
    s.participation.normalized += ratio.normalized
    sums[t] = s
  }

  /// Per step, the means over the sequences added, in step order.
  public var steps: [StepSummary] {
    sums.keys.sorted().map { t in
      var s = sums[t]!
      let c = 1 / Double(s.sequences)
      s.firstFiveSingular.scale(c)
      s.lastFiveSingular.scale(c)
      s.participation.thesis *= c
      s.participation.normalized *= c
      return s
    }
  }

  /// The means over every step (each step weighted alike); nil before any `add`.
  public var overall: StepSummary? {
    let all = steps
    guard var total = all.first else { return nil }
    for s in all.dropFirst() {
      total.firstFiveSingular.add(s.firstFiveSingular)
      total.lastFiveSingular.add(s.lastFiveSingular)
      total.participation.thesis += s.participation.thesis
      total.participation.normalized += s.participation.normalized
    }
    let c = 1 / Double(all.count)
    total.firstFiveSingular.scale(c)
    total.lastFiveSingular.scale(c)
    total.participation.thesis *= c
    total.participation.normalized *= c
    total.step = -1
    total.sequences = all.map(\.sequences).max() ?? 0
    return total
  }

  /// How many sequences were added at step t.
  func sequencesAdded(at t: Int) -> Int { sums[t]?.sequences ?? 0 }

  /// Q indices 0..<10 (all when N < 10).
  public var firstTenIndices: [Int] { Array(0..<min(10, hiddenSize)) }
  /// Q indices N-10..<N (all when N < 10).
  public var lastTenIndices: [Int] { Array(max(0, hiddenSize - 10)..<hiddenSize) }

  /// The expected standard deviation of a random unit vector's cosines, `1/sqrt(N)`.
  public var randomExpectation: Double { 1 / Double(hiddenSize).squareRoot() }

  /// Sample standard deviation (n - 1) of `m[row, columns]`.
  static func sampleStd(_ m: Matrix<Double>, row: Int, columns: Range<Int>) -> Double {
    guard columns.count > 1 else { return 0 }
    let values = columns.map { m[row, $0] }
    let mean = values.reduce(0, +) / Double(values.count)
    let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (ss / Double(values.count - 1)).squareRoot()
  }
}

extension GradientAlignment.Groups {
  mutating func add(_ o: Self) {
    firstTenQ += o.firstTenQ
    lastTenQ += o.lastTenQ
    randomTenQ += o.randomTenQ
    randomVectors += o.randomVectors
  }

  mutating func scale(_ c: Double) {
    firstTenQ *= c
    lastTenQ *= c
    randomTenQ *= c
    randomVectors *= c
  }
}
