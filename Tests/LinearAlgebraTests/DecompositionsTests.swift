import LinearAlgebra
import Testing

@Suite struct DecompositionsTests {
  @Test func logDeterminantAndSign() throws {
    let (l, s) = try logAbsDeterminant(Matrix<Double>(rowMajor: [[2, 1], [1, 3]]))
    #expect(abs(l - Double.log(5)) < 1e-14 && s == 1)
    let (l2, s2) = try logAbsDeterminant(Matrix<Double>(rowMajor: [[0, 1], [1, 0]]))
    #expect(abs(l2) < 1e-15 && s2 == -1)
    let (l3, s3) = try logAbsDeterminant(Matrix<Float>(rowMajor: [[-4, 0], [0, 0.5]]))
    #expect(abs(l3 - Float.log(2)) < 1e-6 && s3 == -1)
  }

  @Test func singularAndNonFiniteMatricesThrow() {
    #expect(throws: LinearAlgebraError.singular(routine: "getrf", pivot: 2)) {
      try logAbsDeterminant(Matrix<Double>(rowMajor: [[1, 2], [2, 4]]))
    }
    #expect(throws: LinearAlgebraError.nonFinite(routine: "getrf")) {
      try logAbsDeterminant(Matrix<Double>(rowMajor: [[1, .nan], [2, 4]]))
    }
    #expect("\(LinearAlgebraError.singular(routine: "getrf", pivot: 2))".contains("position 2"))
  }

  @Test func singularValuesOfKnownMatrices() throws {
    let (_, s, _) = try singularValueDecomposition(Matrix<Double>(rowMajor: [[3, 0], [0, -2]]))
    #expect(abs(s[0] - 3) < 1e-14 && abs(s[1] - 2) < 1e-14)
    // [[1, 1], [0, 0], [0, 0]] has singular values sqrt 2 and 0.
    var g = SeededGenerator(seed: 3)
    let a = Matrix<Double>.randomNormal(rows: 5, columns: 3, using: &g)
    let (u, sv, vt) = try singularValueDecomposition(a)
    var us = u
    for j in 0..<3 { for i in 0..<5 { us[i, j] *= sv[j] } }
    #expect(((us * vt) - a).maxAbs < 1e-12)
    #expect(sv[0] >= sv[1] && sv[1] >= sv[2])
  }

  @Test func symmetricEigenvalues() throws {
    let (values, vectors) = try symmetricEigendecomposition(
      Matrix<Double>(rowMajor: [[2, 1], [1, 2]]))
    #expect(abs(values[0] - 1) < 1e-14 && abs(values[1] - 3) < 1e-14)
    #expect(abs(abs(vectors[0, 1]) - 0.5.squareRoot()) < 1e-14)
  }

  @Test func generalEigenvaluesOfARotation() throws {
    let ev = try eigenvalues(Matrix<Double>(rowMajor: [[0, -1], [1, 0]]))
    #expect(ev.allSatisfy { abs($0.real) < 1e-15 && abs(abs($0.imaginary) - 1) < 1e-14 })
    let real = try eigenvalues(Matrix<Float>(rowMajor: [[2, 0], [1, -3]]))
    #expect(Set(real.map(\.real)) == [2, -3])
  }
}
