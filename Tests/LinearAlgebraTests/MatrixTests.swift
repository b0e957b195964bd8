import LinearAlgebra
import Testing

@Suite struct MatrixTests {
  @Test func columnMajorLayout() {
    let m = Matrix<Double>(rowMajor: [[1, 2, 3], [4, 5, 6]])
    #expect(m.storage == [1, 4, 2, 5, 3, 6])
    #expect(m[1, 2] == 6)
    #expect(m.transposed.storage == [1, 2, 3, 4, 5, 6])
  }

  @Test func gemmAgainstHandComputedProducts() {
    let a = Matrix<Double>(rowMajor: [[1, 2], [3, 4], [5, 6]])  // 3 x 2
    let b = Matrix<Double>(rowMajor: [[7, 8, 9], [10, 11, 12]])  // 2 x 3
    #expect((a * b) == Matrix(rowMajor: [[27, 30, 33], [61, 68, 75], [95, 106, 117]]))
    var c = Matrix<Double>(rows: 2, columns: 2)
    multiply(a, a, into: &c, transposeA: true)  // A^T A
    #expect(c == Matrix(rowMajor: [[35, 44], [44, 56]]))
    var d = Matrix<Double>(rows: 3, columns: 3, repeating: 1)
    multiply(a, a, into: &d, transposeB: true, alpha: 2, beta: -1)  // 2 A A^T - 1
    #expect(d == Matrix(rowMajor: [[9, 21, 33], [21, 49, 77], [33, 77, 121]]))
  }

  /// A product written into a block of rows: the block gets it (added with beta = 1), the
  /// rows around it keep their values.
  @Test func gemmIntoABlockOfRows() {
    let a = Matrix<Double>(rowMajor: [[1, 2], [3, 4], [5, 6]])  // 3 x 2
    var c = Matrix<Double>(rowMajor: [[-1, -1], [-2, -2], [-3, -3], [-4, -4], [-5, -5]])
    multiply(a, a, into: &c, firstRow: 1, transposeA: true)  // rows 1, 2 = A^T A
    #expect(c == Matrix(rowMajor: [[-1, -1], [35, 44], [44, 56], [-4, -4], [-5, -5]]))
    multiply(a, a, into: &c, firstRow: 3, transposeA: true, beta: 1)  // rows 3, 4 += A^T A
    #expect(c == Matrix(rowMajor: [[-1, -1], [35, 44], [44, 56], [31, 40], [39, 51]]))
  }

  @Test func gemmInFloat() {
    let a = Matrix<Float>(rowMajor: [[1, -2], [0.5, 4]])
    #expect((a * a) == Matrix(rowMajor: [[0, -10], [2.5, 15]]))
  }
}
