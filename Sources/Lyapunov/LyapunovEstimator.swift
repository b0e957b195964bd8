import Dispatch
import LinearAlgebra
import RealModule

/// The QR (Benettin) algorithm for the leading k Lyapunov exponents of a ``TangentMap``,
/// thesis Algorithms 1 and 2 (DESIGN.md §3), in one place for every system.
///
/// For each trajectory: `Q_0` is the initial frame; every step `Q <- J_t Q`; every
/// `qrInterval` steps (and always at the last step) `Q R = Q` is re-factored with a positive
/// diagonal R. During the warmup nothing is accumulated; afterwards `log R_ii` is summed, and
/// exponent i is that sum over the accumulated time `steps * timeStep`.
///
/// Annihilated directions: a singular Jacobian (dead ReLU units, saturated gates) maps a
/// tangent direction onto the span of the others. At an accumulation QR step, direction i of
/// a trajectory counts as annihilated when `R_ii <= n * eps * max_j R_jj` (the usual
/// numerical-rank tolerance of that step's factorization, eps the precision's unit
/// roundoff), so the verdict does not depend on the BLAS kernel's rounding (except for a
/// diagonal within rounding of the threshold itself). Its exponent is
/// -infinity for that trajectory, and the first such step is reported in
/// ``LyapunovSpectrum/collapses``. The Householder QR still returns an orthonormal frame:
/// the annihilated column is replaced by a direction orthogonal to the columns before it,
/// and the frame runs on. The other exponents stay finite and keep their meaning: for each
/// j, the sum of the first j exponents is the growth rate of the j-volume of the frame's
/// first j columns, where an annihilated column restarts from its replacement.
///
/// Trajectories are independent, so the batch is split into contiguous chunks that run on
/// separate threads, each with its own states, frames and QR workspace (BLAS then runs
/// single-threaded inside each chunk; see ``EstimatorConfiguration/blasThreads``).
public struct LyapunovEstimator: Sendable {
  /// The run's settings.
  public var configuration: EstimatorConfiguration

  public init(_ configuration: EstimatorConfiguration) {
    self.configuration = configuration
  }

  /// Runs the estimator on `map`.
  ///
  /// - Parameter progress: called from one worker with (steps done, total steps) of its chunk.
  /// - Throws: ``LyapunovError`` for invalid options, diverging states or tangents that
  ///   overflow between QR steps; ``LinearAlgebraError`` if LAPACK fails.
  public func run<M: TangentMap>(
    _ map: M, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> LyapunovSpectrum {
    let k = try configuration.validated(dimension: map.dimension)
    // A time step that rounds to 0 in the map's precision (Float(1e-50)) would give 0 / 0.
    guard map.timeStep > 0 && map.timeStep.isFinite else {
      throw LyapunovError.invalidOption(
        name: "time step", value: "\(map.timeStep)",
        hint: "must be positive and finite in the chosen precision (e.g. 0.01)")
    }
    let b = configuration.batch
    let chunkCount = min(configuration.threads, b)
    let ranges = (0..<chunkCount).map { c in (c * b / chunkCount)..<((c + 1) * b / chunkCount) }
    let frame = try initialFrame(dimension: map.dimension, k: k, as: M.Scalar.self)

    var results = [Result<ChunkResult, Error>?](repeating: nil, count: chunkCount)
    let savedThreads = BLASThreads.count
    BLASThreads.count = configuration.blasThreads(chunks: chunkCount, dimension: map.dimension)
    defer { BLASThreads.count = savedThreads }
    if chunkCount == 1 {
      results[0] = Result { try runChunk(map, ranges[0], k: k, frame: frame, progress: progress) }
    } else {
      results.withUnsafeMutableBufferPointer { buffer in
        let slots = DisjointSlots(base: buffer.baseAddress!)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
          slots.base[c] = Result {
            try runChunk(map, ranges[c], k: k, frame: frame, progress: c == 0 ? progress : nil)
          }
        }
      }
    }
    let chunks = try results.map { try $0!.get() }

    func merge(_ part: (ChunkResult) -> [[[Double]]]?) -> [[[Double]]]? {
      guard let first = part(chunks[0]) else { return nil }
      return first.indices.map { r in chunks.flatMap { part($0)![r] } }
    }
    return LyapunovSpectrum(
      perTrajectory: chunks.flatMap(\.exponents),
      units: map.timeStep == 1 ? "nats per step" : "nats per unit time",
      qrSteps: configuration.qrSteps,
      rDiagonals: merge(\.rDiagonals),
      ftleTraces: merge(\.ftleTraces),
      qFrames: configuration.qSteps.isEmpty ? nil : merge(\.qFrames),
      qFrameSteps: Array(Set(configuration.qSteps)).sorted(),
      collapses: chunks.flatMap(\.collapses))
  }

  /// What one chunk of trajectories produced; record arrays are `[record][trajectory][...]`.
  struct ChunkResult {
    var exponents: [[Double]]
    var rDiagonals: [[[Double]]]?
    var ftleTraces: [[[Double]]]?
    var qFrames: [[[Double]]]?
    var collapses: [LyapunovSpectrum.Collapse]
  }

  /// `Q_0` as an n x k matrix.
  func initialFrame<S: BLASScalar>(dimension n: Int, k: Int, as: S.Type) throws -> Matrix<
    S
  > {
    switch configuration.initialFrame {
    case .identity:
      return Matrix<S>.identity(n).columns(0..<k)
    case .random(let seed):
      var generator = SeededGenerator(seed: seed)
      let gaussian = Matrix<S>.randomNormal(rows: n, columns: k, using: &generator)
      return try QRWorkspace<S>(rows: n, columns: k).factor(gaussian).q
    }
  }

  /// Runs warmup and accumulation for the trajectories `range`.
  func runChunk<M: TangentMap>(
    _ map: M, _ range: Range<Int>, k: Int, frame: Matrix<M.Scalar>,
    progress: (@Sendable (Int, Int) -> Void)?
  ) throws -> ChunkResult {
    typealias S = M.Scalar
    let config = configuration
    let n = map.dimension
    let count = range.count
    var states = Matrix<S>(rows: map.stateDimension, columns: count)
    for (c, trajectory) in range.enumerated() {
      let s0 = map.initialState(trajectory: trajectory)
      for i in 0..<map.stateDimension { states[i, c] = s0[i] }
    }
    let frames = try TangentFrames(
      frame: frame, count: count, keepsReflectors: map.formsJacobians && 3 * k >= n)
    var diagonal = [S](repeating: 0, count: k)
    var sums = [[Double]](repeating: [Double](repeating: 0, count: k), count: count)
    var collapses: [LyapunovSpectrum.Collapse] = []
    let rankFactor = Double(n) * Double(S.ulpOfOne)
    var rRecord: [[[Double]]]? = config.recordR ? [] : nil
    var ftleRecord: [[[Double]]]? = config.recordFTLE ? [] : nil
    var qRecord: [[[Double]]]? = config.qSteps.isEmpty ? nil : []
    let wanted = Set(config.qSteps)
    let total = config.warmup + config.steps

    for t in 0..<total {
      try frames.advance(map, states: &states, step: t, trajectories: range)
      if let c = states.firstNonFiniteColumn() {
        throw LyapunovError.nonFiniteState(step: t, trajectory: range.lowerBound + c)
      }
      let s = t - config.warmup
      let takeQR =
        s < 0 ? ((t + 1) % config.qrInterval == 0 || t == config.warmup - 1) : config.isQRStep(s)
      if takeQR {
        var stepR = [[Double]]()
        for c in 0..<count {
          try frames.orthonormalize(c, rDiagonal: &diagonal)
          guard s >= 0 else { continue }
          var largest = 0.0
          for i in 0..<k {
            let r = Double(diagonal[i])
            guard r.isFinite else {
              throw LyapunovError.tangentOverflow(
                step: t, trajectory: range.lowerBound + c, exponent: i)
            }
            largest = max(largest, r)
          }
          let tolerance = rankFactor * largest
          for i in 0..<k {
            let r = Double(diagonal[i])
            if r > tolerance {
              sums[c][i] += Double.log(r)
            } else {
              diagonal[i] = 0
              if sums[c][i] != -.infinity {
                sums[c][i] = -.infinity
                collapses.append(.init(trajectory: range.lowerBound + c, exponent: i, step: s))
              }
            }
          }
          if rRecord != nil { stepR.append(diagonal.map(Double.init)) }
        }
        if s >= 0 {
          rRecord?.append(stepR)
          let elapsed = Double(s + 1) * map.timeStep
          ftleRecord?.append(sums.map { $0.map { $0 / elapsed } })
          if wanted.contains(s) {
            qRecord?.append(try (0..<count).map { c in try frames.frame(c) })
          }
        }
      }
      progress?(t + 1, total)
    }
    let time = Double(config.steps) * map.timeStep
    let exponents = sums.map { $0.map { $0 / time } }
    // Finite sums over a tiny (subnormal) time can still overflow.
    let overflow = zip(sums, exponents).contains { sum, exponent in
      zip(sum, exponent).contains { $0.isFinite && !$1.isFinite }
    }
    guard !overflow else {
      throw LyapunovError.invalidOption(
        name: "time step", value: "\(map.timeStep)",
        hint: "the exponents overflow over so short a time; use a larger time step")
    }
    return ChunkResult(
      exponents: exponents, rDiagonals: rRecord, ftleTraces: ftleRecord, qFrames: qRecord,
      collapses: collapses)
  }
}
