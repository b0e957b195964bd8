import LinearAlgebra
import Testing

@Suite struct QRWorkspaceTests {
  func check<S: BLASScalar>(_ a: Matrix<S>, tolerance: S) throws {
    let (q, r) = try QRWorkspace<S>(rows: a.rows, columns: a.columns).factor(a)
    let gram = Matrix<S>(rows: a.columns, columns: a.columns)
    var qtq = gram
    multiply(q, q, into: &qtq, transposeA: true)
    #expect((qtq - .identity(a.columns)).maxAbs < tolerance)
    #expect(((q * r) - a).maxAbs < tolerance * max(1, a.maxAbs))
    for j in 0..<a.columns {
      #expect(r[j, j] > 0)
      for i in (j + 1)..<a.columns where i > j { #expect(r[i, j] == 0) }
    }
  }

  @Test func squareAndTallBlocksInBothPrecisions() throws {
    var g = SeededGenerator(seed: 7)
    for (m, k) in [(1, 1), (3, 3), (8, 3), (50, 50), (64, 10), (33, 33), (100, 97), (130, 65)] {
      try check(Matrix<Double>.randomNormal(rows: m, columns: k, using: &g), tolerance: 1e-12)
      try check(Matrix<Float>.randomNormal(rows: m, columns: k, using: &g), tolerance: 2e-5)
    }
  }

  /// The workspace blocks its Householder QR in panels at every size; LAPACK's `geqrf`
  /// factors fewer than 128 columns unblocked. Both must give the same R, reflectors and
  /// scalars up to rounding, over one panel, several and a partial last one.
  @Test(arguments: [(40, 20), (64, 64), (100, 70), (128, 128), (200, 150)])
  func blockedFactorMatchesLAPACK(m: Int, k: Int) throws {
    var g = SeededGenerator(seed: UInt64(m * 1000 + k))
    let a = Matrix<Double>.randomNormal(rows: m, columns: k, using: &g)
    var lapack = a.storage
    var lapackTau = [Double](repeating: 0, count: k)
    var work = [Double](repeating: 0, count: 64 * m)
    #expect(
      Double.geqrf(m: m, n: k, a: &lapack, lda: m, tau: &lapackTau, work: &work, lwork: work.count)
        == 0)
    var ours = a.storage
    var (tau, diagonal, signs) = (
      [Double](repeating: 0, count: k), [Double](repeating: 0, count: k),
      [Double](repeating: 0, count: k)
    )
    try QRWorkspace<Double>(rows: m, columns: k).factorKeepingReflectors(
      &ours, tau: &tau, rDiagonal: &diagonal, signs: &signs)
    let scale = a.maxAbs * Double(m)
    #expect(zip(ours, lapack).map { abs($0 - $1) }.max()! < 1e-13 * scale)
    #expect(zip(tau, lapackTau).map { abs($0 - $1) }.max()! < 1e-13)
    for j in 0..<k {
      #expect(diagonal[j] == abs(ours[j + j * m]) && signs[j] * ours[j + j * m] >= 0)
    }
  }

  @Test func handCheckedFactorization() throws {
    // A = [[3, 1], [4, 2]]: first column has norm 5, so R = [[5, 11/5], [0, 2/5]].
    let a = Matrix<Double>(rowMajor: [[3, 1], [4, 2]])
    let (q, r) = try QRWorkspace<Double>(rows: 2, columns: 2).factor(a)
    #expect(abs(r[0, 0] - 5) < 1e-14)
    #expect(abs(r[0, 1] - 2.2) < 1e-14)
    #expect(abs(r[1, 1] - 0.4) < 1e-14)
    #expect(abs(q[0, 0] - 0.6) < 1e-14 && abs(q[1, 0] - 0.8) < 1e-14)
  }

  @Test func negativeDiagonalIsFlippedPositive() throws {
    // -I factors as Q = -I, R = I once signs are made positive.
    let a = Matrix<Double>(diagonal: [-2, -3, 4])
    let (q, r) = try QRWorkspace<Double>(rows: 3, columns: 3).factor(a)
    #expect(r.diagonal == [2, 3, 4])
    #expect(q.diagonal == [-1, -1, 1])
  }
}
