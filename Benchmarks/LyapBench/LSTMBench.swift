import Foundation
import LinearAlgebra
import Lyapunov
import RecurrentNets

/// The LSTM spectrum benchmark of issue 3: input 82, batch 10, 100 steps, the full hidden
/// spectrum (k = N), QR every step, hidden 64-512, Float and Double.
enum LSTMBench {
  /// Seconds for one spectrum of a random LSTM (PyTorch-default uniform initialization).
  static func seconds<S: BLASScalar>(hidden n: Int, as: S.Type, threads: Int = 2) throws -> Double {
    let description = NetworkDescription(
      architecture: .lstm, layers: 1, inputSize: 82, hiddenSize: n)
    let weights = try NetworkWeights<S>.random(
      description, initializer: .uniform(1 / Double(n).squareRoot()), seed: 1)
    let network = try AnyRecurrentNetwork(weights)
    var g = SeededGenerator(seed: 2)
    let inputs = (0..<(10 * 100 * 82)).map { _ in S(g.nextNormal()) }
    let estimator = LyapunovEstimator(
      EstimatorConfiguration(batch: 10, steps: 100, threads: threads))
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try network.spectrum(
      inputs: inputs, batch: 10, steps: 100, convention: .hidden, estimator: estimator)
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  static func run(sizes: [Int]) throws {
    print("\nLSTM spectrum: input 82, batch 10, 100 steps, k = N, QR every step")
    print("hidden   Float s   Double s")
    for n in sizes {
      let f = try seconds(hidden: n, as: Float.self)
      let d = try seconds(hidden: n, as: Double.self)
      print(String(format: "%6d  %8.3f  %9.3f", n, f, d))
    }
  }
}
