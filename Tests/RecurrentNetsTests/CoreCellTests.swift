import LinearAlgebra
import RecurrentNets
import Testing

/// RNN (tanh, relu), LSTM and GRU Jacobians against finite differences, 1-3 layers.
@Suite struct CoreCellTests {
  static func rnn(_ m: Int, _ n: Int, _ nonlinearity: RNNCell<Double>.Nonlinearity, seed: UInt64)
    -> RNNCell<Double>
  {
    var g = SeededGenerator(seed: seed)
    return RNNCell(
      weightIH: CellCheck.random(n, m, std: 0.5, &g),
      weightHH: CellCheck.random(n, n, std: 1 / Double(n).squareRoot(), &g),
      bias: CellCheck.vector(n, std: 0.3, &g), nonlinearity: nonlinearity)
  }

  static func lstm(_ m: Int, _ n: Int, seed: UInt64) -> LSTMCell<Double> {
    var g = SeededGenerator(seed: seed)
    return LSTMCell(
      weightIH: CellCheck.random(4 * n, m, std: 0.5, &g),
      weightHH: CellCheck.random(4 * n, n, std: 0.5, &g),
      bias: CellCheck.vector(4 * n, std: 0.3, &g))
  }

  static func gru(_ m: Int, _ n: Int, seed: UInt64) -> GRUCell<Double> {
    var g = SeededGenerator(seed: seed)
    return GRUCell(
      weightIH: CellCheck.random(3 * n, m, std: 0.5, &g),
      weightHH: CellCheck.random(3 * n, n, std: 0.5, &g),
      biasIH: CellCheck.vector(3 * n, std: 0.3, &g), biasHH: CellCheck.vector(3 * n, std: 0.3, &g))
  }

  @Test func rnnCells() throws {
    CellCheck.checkCell(Self.rnn(3, 7, .tanh, seed: 1), seed: 2)
    CellCheck.checkCell(Self.rnn(3, 7, .relu, seed: 3), seed: 4)
    for layers in 1...3 {
      try CellCheck.checkNetwork(
        (0..<layers).map { Self.rnn($0 == 0 ? 3 : 6, 6, .tanh, seed: UInt64(10 + $0)) }, seed: 5)
      try CellCheck.checkNetwork(
        (0..<layers).map { Self.rnn($0 == 0 ? 3 : 6, 6, .relu, seed: UInt64(20 + $0)) }, seed: 6)
    }
  }

  @Test func lstmCells() throws {
    CellCheck.checkCell(Self.lstm(3, 5, seed: 1), seed: 2)
    for layers in 1...3 {
      try CellCheck.checkNetwork(
        (0..<layers).map { Self.lstm($0 == 0 ? 3 : 5, 5, seed: UInt64(30 + $0)) }, seed: 7)
    }
  }

  @Test func gruCells() throws {
    CellCheck.checkCell(Self.gru(3, 5, seed: 1), seed: 2)
    for layers in 1...3 {
      try CellCheck.checkNetwork(
        (0..<layers).map { Self.gru($0 == 0 ? 3 : 5, 5, seed: UInt64(40 + $0)) }, seed: 8)
    }
  }
}

/// The one-hot gather in the forward step equals the GEMM it replaces: W x = (2W)(x/2),
/// where x/2 is not one-hot and so goes through the GEMM.
@Suite struct OneHotForwardTests {
  @Test func gatherEqualsProduct() {
    var g = SeededGenerator(seed: 4)
    let lstm = CoreCellTests.lstm(5, 3, seed: 8)
    var doubled = lstm
    for i in doubled.weightIH.storage.indices { doubled.weightIH.storage[i] *= 2 }
    var x = Matrix<Double>(rows: 5, columns: 4)
    for j in 0..<4 { x[Int(g.next() % 5), j] = 1 }
    var half = x
    for i in half.storage.indices { half.storage[i] /= 2 }
    let state = Matrix<Double>.randomNormal(rows: 6, columns: 4, using: &g)
    let a = lstm.forward(state: state, input: x, step: 0, trajectories: 0..<4).next
    let b = doubled.forward(state: state, input: half, step: 0, trajectories: 0..<4).next
    #expect((a - b).maxAbs < 1e-15)
  }
}
