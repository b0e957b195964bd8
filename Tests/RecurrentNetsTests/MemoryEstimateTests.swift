import LinearAlgebra
import Testing

@testable import RecurrentNets

/// The parameter count behind the weight estimates, against the closed forms.
@Suite struct ParameterCountTests {
  @Test func countsMatchTheClosedForms() {
    // LSTM: 4N(M + N + 2) for layer 0, 4N(N + N + 2) above it.
    let lstm = NetworkDescription(architecture: .lstm, layers: 2, inputSize: 3, hiddenSize: 5)
    #expect(lstm.parameterCount == Double(4 * 5 * (3 + 5 + 2) + 4 * 5 * (5 + 5 + 2)))
    // coRNN: N(M + 2N + 1).
    let cornn = NetworkDescription(architecture: .cornn, layers: 1, inputSize: 7, hiddenSize: 4)
    #expect(cornn.parameterCount == Double(4 * (7 + 8 + 1)))
    // Every parameter counted once, as in the list of tensors.
    let gru = NetworkDescription(architecture: .gru, layers: 3, inputSize: 2, hiddenSize: 6)
    let listed = gru.parameters().reduce(0) { $0 + $1.spec.shape.reduce(1, *) }
    #expect(gru.parameterCount == Double(listed))
  }

  @Test func aNetworkBeyondMemoryIsRefusedWithItsSize() {
    let huge = NetworkDescription(architecture: .rnn, layers: 1, inputSize: 3, hiddenSize: 1 << 24)
    let error = #expect(throws: InsufficientMemoryError.self) {
      try huge.checkMemory(scalarBytes: 4, copies: 1, what: "the weights")
    }
    #expect(error?.name == "hidden-size")
    // (2^24)^2 recurrent weights alone, at 4 bytes: at least 1 PiB.
    #expect((error?.bytes ?? 0) >= 4 * Double(1 << 48))
    #expect(error?.available == MemoryBudget.available)
  }
}
