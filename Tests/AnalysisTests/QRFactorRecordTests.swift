import Analysis
import LinearAlgebra
import RecurrentNets
import TestSupport
import Testing

/// The gradient in the Q/R basis (thesis eq. 4.11-4.14) against the BPTT state gradients.
@Suite struct QRFactorRecordTests {
  /// Forward orientation (`J_t Q = Q R`): `Q_s R_{s+1}^T ... R_t^T Q_t^T g_t` is the BPTT
  /// gradient `dL_t / ds_s` (from the cells' backward steps) to rounding, for every s <= t.
  /// The transposed orientation (`J_t^T Q = Q R`, the chapter's `J_t^T`) is not: it rebuilds
  /// `J_{s+1} ... J_t g_t`, off by order one for these non-commuting Jacobians.
  @Test(arguments: [Architecture.rnn, .gru, .lstm]) func forwardOrientationIsExact(
    _ architecture: Architecture
  ) throws {
    let parameters = try AnalysisFixtures.parameters(architecture, scale: 0.8)
    let (inputs, classes) = AnalysisFixtures.batch(batch: 1, steps: 7)
    let (passes, jacobians) = try parameters.withClassifier {
      ($0.passes(inputs, target: classes[0]), $0.jacobians(inputs, convention: .full))
    }
    let n = jacobians[0].rows
    let forward = try QRFactorRecord(jacobians: jacobians, columns: n, orientation: .forward)
    let transposed = try QRFactorRecord(
      jacobians: jacobians, columns: n, orientation: .transposed)
    var forwardError = 0.0
    var transposedError = 0.0
    for (t, pass) in passes.enumerated() {
      let g = pass.stateGradients[t].storage
      for s in 0..<t {
        let bptt = pass.stateGradients[s]
        let scale = max(bptt.maxAbs, 1e-300)
        let f = Matrix(
          rows: n, columns: 1, storage: forward.reconstructedStateGradient(g, from: t, to: s))
        let r = Matrix(
          rows: n, columns: 1, storage: transposed.reconstructedStateGradient(g, from: t, to: s))
        forwardError = max(forwardError, (f - bptt).maxAbs / scale)
        transposedError = max(transposedError, (r - bptt).maxAbs / scale)
      }
    }
    #expect(forwardError < 1e-10, "forward orientation: relative error \(forwardError)")
    #expect(transposedError > 1e-2, "transposed orientation: relative error \(transposedError)")
  }

  /// Each factor pair reproduces its step: `J_t Q_{t-1} = Q_t R_t`, Q orthonormal, R upper
  /// triangular with a non-negative diagonal; with k < n too.
  @Test func factorsReproduceTheProducts() throws {
    var g = SeededGenerator(seed: 3)
    let jacobians = (0..<5).map { _ in Matrix<Double>.randomNormal(rows: 6, columns: 6, using: &g) }
    for k in [2, 6] {
      let record = try QRFactorRecord(jacobians: jacobians, columns: k, orientation: .forward)
      var previous = Matrix<Double>.identity(6).columns(0..<k)
      for t in jacobians.indices {
        let q = record.q[t]
        let r = record.r[t]
        #expect(FiniteDifferences.relativeError(q * r, jacobians[t] * previous) < 1e-12)
        #expect(FiniteDifferences.relativeError(q.transposedTimes(q), .identity(k)) < 1e-12)
        for j in 0..<k {
          #expect(r[j, j] >= 0)
          for i in (j + 1)..<k where i < k { #expect(r[i, j] == 0) }
        }
        previous = q
      }
    }
    #expect(throws: GradientStudyError.self) {
      try QRFactorRecord(jacobians: jacobians, columns: 7, orientation: .forward)
    }
  }
}
