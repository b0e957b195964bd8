import LinearAlgebra
import RecurrentNets
import Testing

@testable import Training

/// Backpropagation through time against finite differences: ASRNN, coRNN, Lipschitz RNN,
/// Noisy RNN (noise on) and LEM, each with hyperparameters that make the recurrent path
/// matter (large steps) and at the published defaults.
@Suite struct ExtendedGradientTests {
  @Test func asrnn() throws {
    try GradientCheck.check(
      ASRNNCell<Double>.self, architecture: .asrnn, hyperparameters: Hyperparameters(eps: 0.5))
  }
  @Test func asrnnDefaults() throws {
    try GradientCheck.check(ASRNNCell<Double>.self, architecture: .asrnn)
  }

  @Test func cornn() throws {
    try GradientCheck.check(
      CoRNNCell<Double>.self, architecture: .cornn, hyperparameters: Hyperparameters(dt: 0.3))
  }
  @Test func cornnDefaults() throws {
    try GradientCheck.check(CoRNNCell<Double>.self, architecture: .cornn)
  }

  @Test func lipschitz() throws {
    try GradientCheck.check(
      LipschitzCell<Double>.self, architecture: .lipschitz,
      hyperparameters: Hyperparameters(dt: 0.3))
  }
  @Test func lipschitzDefaults() throws {
    try GradientCheck.check(LipschitzCell<Double>.self, architecture: .lipschitz)
  }

  @Test func noisy() throws {
    try GradientCheck.check(
      LipschitzCell<Double>.self, architecture: .noisy,
      hyperparameters: Hyperparameters(
        dt: 0.3, noiseAdditive: 0.2, noiseMultiplicative: 0.5, noiseSeed: 4))
  }
  @Test func noisyDefaults() throws {
    try GradientCheck.check(
      LipschitzCell<Double>.self, architecture: .noisy,
      hyperparameters: Hyperparameters(noiseSeed: 4))
  }

  @Test func lem() throws {
    try GradientCheck.check(
      LEMCell<Double>.self, architecture: .lem, hyperparameters: Hyperparameters(dt: 0.7))
  }
  @Test func lemDefaults() throws {
    try GradientCheck.check(LEMCell<Double>.self, architecture: .lem)
  }

  /// The training initializer builds the cells `AnyRecurrentNetwork` builds (Noisy RNN: with
  /// noise on, seed 0; Lipschitz: noise off): one forward step agrees exactly.
  @Test(arguments: [Architecture.asrnn, .cornn, .lipschitz, .noisy, .lem])
  func initializerMatchesNetwork(_ architecture: Architecture) throws {
    let description = NetworkDescription(
      architecture: architecture, layers: 2, inputSize: 3, hiddenSize: 4,
      hyperparameters: Hyperparameters(dt: 0.3))
    let parameters = try ModelParameters<Double>(
      network: description, outputs: 5, initializer: .uniform(0.5), seed: 3)
    let network = try AnyRecurrentNetwork(
      parameters.networkWeights(), noiseSeed: architecture == .noisy ? 0 : nil)
    var hyper = description.hyperparameters.withDefaults(for: architecture)
    hyper.noiseSeed = architecture == .noisy ? 0 : nil
    var g = SeededGenerator(seed: 5)
    let x = Matrix<Double>.randomNormal(rows: 4, columns: 2, using: &g)
    func compare<Cell: TrainableCell>(_ layers: [Cell]) where Cell.Scalar == Double {
      for (l, reference) in layers.enumerated() {
        let cell = Cell(
          architecture: architecture, parameters: parameters.layer(l), hyperparameters: hyper)
        let input = l == 0 ? x.rows(0..<3) : x
        let state = Matrix<Double>.randomNormal(
          rows: cell.stateBlocks * cell.hiddenSize, columns: 2, using: &g)
        let expected = reference.forward(state: state, input: input, step: 1, trajectories: 0..<2)
        let actual = cell.forward(state: state, input: input, step: 1, trajectories: 0..<2)
        #expect(actual.next.storage == expected.next.storage, "\(architecture) layer \(l)")
      }
    }
    switch network {
    case .asrnn(let net): compare(net.layers)
    case .cornn(let net): compare(net.layers)
    case .lipschitz(let net):
      compare(net.layers)
      #expect(net.layers.allSatisfy { $0.isNoisy == (architecture == .noisy) })
    case .lem(let net): compare(net.layers)
    default: Issue.record("unexpected network case for \(architecture)")
    }
  }
}
