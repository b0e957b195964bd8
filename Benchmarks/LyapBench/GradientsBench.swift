import Analysis
import Foundation
import LinearAlgebra
import RecurrentNets
import Training

/// `LyapBench gradients [N T B M]`: seconds for the local-time gradients `dV_t` of every
/// step of a batch (tanh RNN, random uniform(1/sqrt(N)) weights, Gaussian inputs), the
/// median of five runs after one warm-up, on one core and on two (sequences split), and
/// the flop count of the truncated backward
/// passes (`B T(T+1)/2` backward steps of `4 N^2` flops: `W^T a` and the outer product).
/// `Benchmarks/compare_local_gradients.py` runs PyTorch's prefix re-run beside it.
enum GradientsBench {
  struct Timing: ClassifierStudy {
    let inputs: [Matrix<Double>]
    let classes: [Int]
    let threads: Int
    func run<Cell: TrainableCell>(_ model: RecurrentClassifier<Cell>) throws -> Double
    where Cell.Scalar == Double {
      var times: [Double] = []
      for _ in 0..<6 {
        times.append(
          try LyapBench.seconds {
            _ = try LocalTimeGradients.compute(
              model, inputs: inputs, classes: classes, threads: threads)
          })
      }
      return times.dropFirst().sorted()[2]
    }
  }

  static func run(_ sizes: [Int]) throws {
    let n = sizes.count > 0 ? sizes[0] : 128
    let steps = sizes.count > 1 ? sizes[1] : 28
    let b = sizes.count > 2 ? sizes[2] : 25
    let m = sizes.count > 3 ? sizes[3] : 28
    BLASThreads.count = 1
    let parameters = try ModelParameters<Double>(
      network: NetworkDescription(architecture: .rnn, layers: 1, inputSize: m, hiddenSize: n),
      outputs: 10, initializer: .uniform(1 / Double(n).squareRoot()), seed: 0)
    var g = SeededGenerator(seed: 1)
    let inputs = (0..<steps).map { _ in Matrix<Double>.randomNormal(rows: m, columns: b, using: &g)
    }
    let classes = (0..<b).map { _ in Int(g.next(below: 10)) }
    let flops = Double(b) * Double(steps * (steps + 1) / 2) * 4 * Double(n * n)
    let peak = LyapBench.gemmRate(Double.self, n: 1024, threads: 1)
    print(
      String(
        format: "GEMM 1024 Double, 1 BLAS thread: %.1f GFLOP/s (the flop bound per core)",
        peak / 1e9))
    for threads in [1, 2] {
      let seconds = try parameters.study(
        Timing(inputs: inputs, classes: classes, threads: threads))
      print(
        String(
          format:
            "local-time gradients N=%d T=%d B=%d M=%d threads %d: %.4f s, %.2f GFLOP/s (truncated backward flops %.3g)",
          n, steps, b, m, threads, seconds, flops / seconds / 1e9, flops))
    }
  }
}
