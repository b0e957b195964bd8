import Foundation
import LinearAlgebra
import Lyapunov
import RealModule
import Testing

/// Records, validation and failure reporting of the estimator.
@Suite struct EstimatorBehaviourTests {
  @Test func recordsHaveTheDocumentedShapesAndMeaning() throws {
    let config = EstimatorConfiguration(
      batch: 3, steps: 10, warmup: 4, qrInterval: 3, recordR: true, recordFTLE: true,
      qSteps: [2, 9], threads: 2)
    #expect(config.qrSteps == [2, 5, 8, 9])
    let spectrum = try LyapunovEstimator(config).run(HenonMap<Double>())
    let r = try #require(spectrum.rDiagonals)
    let ftle = try #require(spectrum.ftleTraces)
    #expect(r.count == 4 && r[0].count == 3 && r[0][0].count == 2)
    // The last running mean is the exponent; the exponent is the mean of log R over time.
    for b in 0..<3 {
      for i in 0..<2 {
        #expect(abs(ftle[3][b][i] - spectrum.perTrajectory[b][i]) < 1e-14)
        let fromR = r.reduce(0.0) { $0 + Double.log($1[b][i]) } / 10
        #expect(abs(fromR - spectrum.perTrajectory[b][i]) < 1e-12)
      }
    }
    // Henon's |det J| = b: the R diagonals multiply to 0.3^3 over three steps.
    #expect(abs(r[1][0][0] * r[1][0][1] - 0.027) < 1e-12)
    let q = try #require(spectrum.qFrames)
    #expect(spectrum.qFrameSteps == [2, 9])
    #expect(q.count == 2 && q[0].count == 3 && q[0][0].count == 4)
    let frame = Matrix<Double>(rows: 2, columns: 2, storage: q[1][2])
    var gram = Matrix<Double>(rows: 2, columns: 2)
    multiply(frame, frame, into: &gram, transposeA: true)
    #expect((gram - .identity(2)).maxAbs < 1e-14)
  }

  @Test func invalidOptionsAreNamedErrors() {
    let henon = HenonMap<Double>()
    func message(_ config: EstimatorConfiguration) -> String {
      do {
        _ = try LyapunovEstimator(config).run(henon)
        return ""
      } catch {
        return "\(error)"
      }
    }
    #expect(message(EstimatorConfiguration(exponents: 3)).contains("exponents 3"))
    #expect(message(EstimatorConfiguration(steps: 0)).contains("steps 0"))
    #expect(message(EstimatorConfiguration(qrInterval: 0)).contains("qr-interval 0"))
    #expect(message(EstimatorConfiguration(batch: 0)).contains("batch 0"))
    #expect(
      message(EstimatorConfiguration(steps: 10, qrInterval: 3, qSteps: [1])).contains("q-steps 1"))
    #expect(
      message(EstimatorConfiguration(steps: 10, warmup: .max)).contains("warmup + steps"))
  }

  /// A time step that rounds to zero in Float would make every exponent 0 / 0.
  @Test func aTimeStepOfZeroInThePrecisionUsedIsRefused() {
    #expect(throws: LyapunovError.self) {
      try LyapunovEstimator(EstimatorConfiguration(steps: 10)).run(
        LorenzFlow<Float>(dt: Float(1e-50)))
    }
  }

  @Test func divergingStateReportsTheStep() {
    // x' = 5 x (1 - x) from x in (0.1, 0.9) leaves [0, 1] and runs off to -infinity.
    #expect(throws: LyapunovError.self) {
      try LyapunovEstimator(EstimatorConfiguration(steps: 1000)).run(LogisticMap<Double>(r: 5))
    }
    do {
      _ = try LyapunovEstimator(EstimatorConfiguration(steps: 1000)).run(LogisticMap<Double>(r: 5))
    } catch let LyapunovError.nonFiniteState(step, trajectory) {
      #expect(step > 0 && step < 1000 && trajectory == 0)
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  /// BLAS is single-threaded inside chunks and for small maps; one chunk of a large map may
  /// use the run's threads for BLAS; an explicit count wins and must be positive.
  @Test func blasThreadsFollowTheChunksAndTheSize() {
    let two = EstimatorConfiguration(threads: 2)
    #expect(two.blasThreads(chunks: 2, dimension: 512) == 1)
    #expect(two.blasThreads(chunks: 1, dimension: 64) == 1)
    #expect(two.blasThreads(chunks: 1, dimension: 512) == 2)
    #expect(EstimatorConfiguration(threads: 1).blasThreads(chunks: 1, dimension: 512) == 1)
    #expect(EstimatorConfiguration(blasThreads: 2).blasThreads(chunks: 2, dimension: 8) == 2)
    #expect(throws: LyapunovError.self) {
      try EstimatorConfiguration(blasThreads: 0).validated(dimension: 2)
    }
  }

  /// diag(1.1, 0) annihilates the second direction at the first step: ln 1.1 and -infinity,
  /// reported as a collapse at accumulation step 0, statistics over the finite exponent.
  @Test func annihilatedDirectionIsMinusInfinity() throws {
    let spectrum = try LyapunovEstimator(EstimatorConfiguration(batch: 2, steps: 5, threads: 2))
      .run(DiagonalLinearMap<Double>(diagonal: [1.1, 0]))
    for b in 0..<2 {
      #expect(abs(spectrum.perTrajectory[b][0] - Double.log(1.1)) < 1e-15)
      #expect(spectrum.perTrajectory[b][1] == -.infinity)
    }
    #expect(spectrum.exponents[1] == -.infinity)
    #expect(spectrum.standardDeviation[1] == .infinity)
    #expect(spectrum.standardDeviation[0] == 0)
    #expect(
      spectrum.collapses == [
        .init(trajectory: 0, exponent: 1, step: 0), .init(trajectory: 1, exponent: 1, step: 0),
      ])
    #expect(spectrum.statistics.infiniteCount == 1)
    #expect(abs(spectrum.statistics.sum - Double.log(1.1)) < 1e-15)
    #expect(spectrum.statistics.max == spectrum.statistics.mean)
  }

  /// A direction contracted by 1e-20 per step is far below the rank tolerance n eps max R_jj
  /// (4.4e-16 here) once it is combined with a unit one, yet a direction that is merely
  /// small relative to the tolerance's reference, but above it, keeps its finite exponent.
  @Test func rankToleranceIsRelativeToTheLargestDiagonal() throws {
    let tiny = try LyapunovEstimator(EstimatorConfiguration(steps: 3))
      .run(DiagonalLinearMap<Double>(diagonal: [1, 1e-20]))
    #expect(tiny.perTrajectory[0][1] == -.infinity)
    #expect(tiny.collapses == [.init(trajectory: 0, exponent: 1, step: 0)])
    let small = try LyapunovEstimator(EstimatorConfiguration(steps: 3))
      .run(DiagonalLinearMap<Double>(diagonal: [1, 1e-12]))
    #expect(abs(small.perTrajectory[0][1] - Double.log(1e-12)) < 1e-12)
    #expect(small.collapses.isEmpty)
    // Uniform scaling never annihilates anything: every direction shrinks alike.
    let uniform = try LyapunovEstimator(EstimatorConfiguration(steps: 3))
      .run(DiagonalLinearMap<Double>(diagonal: [1e-30, 1e-30]))
    #expect(uniform.collapses.isEmpty)
    #expect(abs(uniform.perTrajectory[0][1] - Double.log(1e-30)) < 1e-12)
  }

  /// Collapses during the warmup are not reported (nothing is accumulated); the QR
  /// re-completes the frame with e2 here, which the first accumulation step annihilates again.
  @Test func warmupCollapsesAreNotCounted() throws {
    let spectrum = try LyapunovEstimator(EstimatorConfiguration(steps: 4, warmup: 2))
      .run(DiagonalLinearMap<Double>(diagonal: [1.1, 0]))
    #expect(spectrum.perTrajectory[0][1] == -.infinity)
    #expect(spectrum.collapses == [.init(trajectory: 0, exponent: 1, step: 0)])
  }
}

@Suite struct SpectrumStatisticsTests {
  /// Only -infinity exponents: the statistics that are -infinity become null in JSON and
  /// -infinity again when read back; a finite spectrum round-trips exactly.
  @Test func jsonHasNullForInfiniteStatistics() throws {
    let none = SpectrumStatistics([-.infinity, -.infinity])
    #expect(none.infiniteCount == 2 && none.max == -.infinity && none.standardDeviation == 0)
    let data = try JSONEncoder().encode(none)
    let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    #expect(object["max"] is NSNull && object["sum"] is NSNull)
    #expect(object["infiniteCount"] as? Int == 2)
    #expect(try JSONDecoder().decode(SpectrumStatistics.self, from: data) == none)
    let some = SpectrumStatistics([0.5, -2, -.infinity])
    let back = try JSONDecoder().decode(SpectrumStatistics.self, from: JSONEncoder().encode(some))
    #expect(back == some && back.infiniteCount == 1 && back.sum == -1.5)
  }

  @Test func handComputedStatistics() {
    let s = SpectrumStatistics([0.5, -2, 1, -0.5])
    #expect(s.max == 1)
    #expect(s.mean == -0.25)
    #expect(s.median == 0)
    #expect(s.sum == -1)
    #expect(s.positiveCount == 2)
    #expect(s.entropy == 1.5)
    // Descending 1, 0.5, -0.5, -2: partial sums 1, 1.5, 1.0, -1 -> j = 3, D = 3 + 1/2.
    #expect(s.kaplanYorkeDimension == 3.5)
    // population standard deviation of (0.5, -2, 1, -0.5) around -0.25
    #expect(abs(s.standardDeviation - (5.25 / 4).squareRoot()) < 1e-15)
  }

  @Test func kaplanYorkeEdgeCases() {
    #expect(SpectrumStatistics([-0.1, -1]).kaplanYorkeDimension == 0)
    #expect(SpectrumStatistics([0.2, 0.1]).kaplanYorkeDimension == 2)
    // Lorenz: 2 + 0.906 / 14.572
    #expect(abs(SpectrumStatistics([0.906, 0, -14.572]).kaplanYorkeDimension - 2.06217) < 1e-5)
  }
}
