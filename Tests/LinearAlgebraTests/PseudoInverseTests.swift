import LinearAlgebra
import Testing

/// The pseudo-inverse against the Penrose conditions and closed forms, and the null space
/// against its defining properties.
@Suite struct PseudoInverseTests {
  /// `A A+ A = A`, `A+ A A+ = A+`, `A A+` and `A+ A` symmetric: these define A+ uniquely.
  @Test func satisfiesThePenroseConditions() throws {
    // Rank 2 (row 3 = row 1 + row 2), 3 x 4.
    let a = Matrix<Double>(rowMajor: [[1, 2, 0, -1], [0, 1, 3, 2], [1, 3, 3, 1]])
    let p = try pseudoInverse(a)
    #expect(p.rows == 4 && p.columns == 3)
    #expect((a * p * a - a).maxAbs < 1e-12)
    #expect((p * a * p - p).maxAbs < 1e-12)
    #expect(((a * p) - (a * p).transposed).maxAbs < 1e-12)
    #expect(((p * a) - (p * a).transposed).maxAbs < 1e-12)
  }

  /// Full column rank: `A+ = (A^T A)^-1 A^T`; for A = [[1, 0], [0, 2], [0, 0]] that is
  /// [[1, 0, 0], [0, 1/2, 0]]. A row vector w: `w^T / |w|^2`.
  @Test func matchesClosedForms() throws {
    let a = Matrix<Double>(rowMajor: [[1, 0], [0, 2], [0, 0]])
    #expect((try pseudoInverse(a) - Matrix(rowMajor: [[1, 0, 0], [0, 0.5, 0]])).maxAbs < 1e-15)
    let w = Matrix<Double>(rowMajor: [[3, 4]])
    #expect((try pseudoInverse(w) - Matrix(rowMajor: [[3.0 / 25], [4.0 / 25]])).maxAbs < 1e-15)
    #expect(try pseudoInverse(Matrix<Double>(rows: 2, columns: 3)).maxAbs == 0)
  }

  @Test func nullSpaceIsAnOrthonormalBasisOfTheKernel() throws {
    let a = Matrix<Double>(rowMajor: [[1, 2, 0, -1], [0, 1, 3, 2], [1, 3, 3, 1]])
    let n = try nullSpace(a)
    #expect(n.rows == 4 && n.columns == 2)  // rank 2
    #expect((a * n).maxAbs < 1e-12)
    #expect((n.transposedTimes(n) - .identity(2)).maxAbs < 1e-12)
    let w = Matrix<Double>(rowMajor: [[3, 4, 0]])
    let basis = try nullSpace(w)
    #expect(basis.columns == 2 && (w * basis).maxAbs < 1e-14)
    #expect(try nullSpace(Matrix<Double>(rows: 1, columns: 3)).columns == 3)
  }
}
