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
