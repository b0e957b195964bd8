import TensorIO
import Testing

@Suite struct NDArrayTests {
  @Test func checksThatDataFillsTheShape() throws {
    let matrix = try NDArray<Double>(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
    #expect(matrix.rank == 2)
    #expect(try NDArray<Float>(shape: [0, 5], data: []).data.isEmpty)
    #expect(try NDArray<Float>(shape: [], data: [4]) == NDArray(scalar: 4))
    expectTensorIOError("shapeMismatch", mentioning: ["[2, 3]", "6 elements", "5 values"]) {
      _ = try NDArray<Double>(shape: [2, 3], data: [1, 2, 3, 4, 5])
    }
    expectTensorIOError("shapeMismatch", mentioning: ["[-1]"]) {
      _ = try NDArray<Double>(shape: [-1], data: [])
    }
  }

  @Test func comparesShapeAndValues() throws {
    let a = try NDArray<Double>(shape: [2], data: [1, 2])
    #expect(a == (try NDArray(shape: [2], data: [1, 2])))
    #expect(a != (try NDArray(shape: [2, 1], data: [1, 2])))
    #expect(a != (try NDArray(shape: [2], data: [1, 3])))
  }
}
