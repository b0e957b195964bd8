import Foundation
import LinearAlgebra
import Lyapunov
import RecurrentNets

/// Spectra of single-layer LSTM and GRU networks: input 82, batch 10, 100 steps, the full
/// hidden spectrum (k = N), QR every step, hidden 64-512, Float and Double; the batch on
/// 2 cores with single-threaded BLAS. Each time is the best of 3 runs after a warm-up, in
/// process, the computation alone (as PyTorch is timed in compare_pytorch.py).
enum RecurrentSpectrumBench {
  static let (batch, steps, inputSize) = (10, 100, 82)

  /// Best-of-3 seconds for one spectrum of a random network (PyTorch-default uniform
  /// initialization, weights seeded).
  static func seconds<S: BLASScalar>(
    _ architecture: Architecture, hidden n: Int, as: S.Type, threads: Int = 2
  ) throws -> Double {
    let description = NetworkDescription(
      architecture: architecture, layers: 1, inputSize: inputSize, hiddenSize: n)
    let weights = try NetworkWeights<S>.random(
      description, initializer: .uniform(1 / Double(n).squareRoot()), seed: 1)
    let network = try AnyRecurrentNetwork(weights)
    var g = SeededGenerator(seed: 2)
    let inputs = (0..<(batch * steps * inputSize)).map { _ in S(g.nextNormal()) }
    let estimator = LyapunovEstimator(
      EstimatorConfiguration(batch: batch, steps: steps, threads: threads))
    var best = Double.infinity
    for run in 0..<4 {
      let start = DispatchTime.now().uptimeNanoseconds
      _ = try network.spectrum(
        inputs: inputs, batch: batch, steps: steps, convention: .hidden, estimator: estimator)
      let time = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      if run > 0 { best = min(best, time) }
    }
    return best
  }

  /// The algorithm's own flops per spectrum: per trajectory and step the forward step's
  /// products (`2 G N (M + N)`, G gate blocks), forming `J Q` from the kept reflectors
  /// (`ormqr`, `4 N^2 k - 2 N k^2`) and the QR (`geqrf`, `2 N k^2 - 2/3 k^3`), k = N.
  static func flops(gates: Int, hidden n: Int) -> Double {
    let (nd, md) = (Double(n), Double(inputSize))
    let perStep = 2 * Double(gates) * nd * (md + nd) + 2 * nd * nd * nd + 4.0 / 3 * nd * nd * nd
    return Double(batch * steps) * perStep
  }

  /// Prints one row per architecture and size: seconds and the fraction of the 2-core GEMM
  /// peak `peak` (flop/s, per precision) the run reaches.
  static func run(sizes: [Int], architectures: [Architecture], peak: [String: Double]) throws {
    print("\nRecurrent spectra: input 82, batch 10, 100 steps, k = N, QR every step (best of 3)")
    print("arch   hidden   Float s   Double s   Float peak   Double peak")
    for architecture in architectures {
      let gates = architecture == .lstm ? 4 : 3
      for n in sizes {
        let f = try seconds(architecture, hidden: n, as: Float.self)
        let d = try seconds(architecture, hidden: n, as: Double.self)
        let work = flops(gates: gates, hidden: n)
        print(
          String(
            format: "%-5@ %7d  %8.4f  %9.4f  %10.0f%%  %11.0f%%", architecture.rawValue, n, f, d,
            100 * work / f / peak["Float", default: .nan],
            100 * work / d / peak["Double", default: .nan]))
      }
    }
  }
}
