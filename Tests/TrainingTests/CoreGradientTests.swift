import LinearAlgebra
import RecurrentNets
import Testing

/// Backpropagation through time against finite differences: RNN (tanh, relu), LSTM, GRU.
@Suite struct CoreGradientTests {
  @Test func rnnTanh() throws { try GradientCheck.check(RNNCell<Double>.self, architecture: .rnn) }
  @Test func rnnRelu() throws {
    try GradientCheck.check(RNNCell<Double>.self, architecture: .rnnRelu)
  }
  @Test func lstm() throws { try GradientCheck.check(LSTMCell<Double>.self, architecture: .lstm) }
  @Test func gru() throws { try GradientCheck.check(GRUCell<Double>.self, architecture: .gru) }
}

/// One-hot inputs take gather/scatter paths instead of GEMMs: same values, same gradients.
@Suite struct OneHotInputTests {
  @Test func gradientsWithOneHotInputsMatchFiniteDifferences() throws {
    try GradientCheck.check(LSTMCell<Double>.self, architecture: .lstm, oneHot: true)
    try GradientCheck.check(GRUCell<Double>.self, architecture: .gru, oneHot: true)
  }

  @Test func oneHotDetection() {
    let hot = Matrix<Double>(rowMajor: [[0, 1, 0], [1, 0, 0], [0, 0, 1]])
    #expect(hot.oneHotRows() == [1, 0, 2])
    #expect(Matrix<Double>(rowMajor: [[0, 1], [1, 1]]).oneHotRows() == nil)
    #expect(Matrix<Double>(rowMajor: [[0, 2], [1, 0]]).oneHotRows() == nil)
    #expect(Matrix<Double>(rowMajor: [[0, 0], [1, 0]]).oneHotRows() == nil)
  }
}
