import Foundation
import LinearAlgebra
import Lyapunov

/// `make bench`: the machine's GEMM rate (the reference peak) and the estimator's
/// throughput on synthetic maps with dense Jacobians, side by side in one run.
@main
enum LyapBench {
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  /// Best GEMM rate (flop/s) for square n x n products with `threads` BLAS threads.
  static func gemmRate<S: BLASScalar>(_: S.Type, n: Int, threads: Int) -> Double {
    BLASThreads.count = threads
    var g = SeededGenerator(seed: 1)
    let a = Matrix<S>.randomNormal(rows: n, columns: n, using: &g)
    let b = Matrix<S>.randomNormal(rows: n, columns: n, using: &g)
    var c = Matrix<S>(rows: n, columns: n)
    multiply(a, b, into: &c)
    let reps = max(3, Int(2e10 / (2 * pow(Double(n), 3))))
    var best = Double.infinity
    for _ in 0..<3 {
      best = min(best, seconds { for _ in 0..<reps { multiply(a, b, into: &c) } })
    }
    return Double(reps) * 2 * pow(Double(n), 3) / best
  }

  static func run<S: BLASScalar, M: TangentMap>(
    _ map: M, n: Int, batch: Int, qrInterval: Int, threads: Int, as: S.Type
  ) throws -> (seconds: Double, flops: Double) where M.Scalar == S {
    let flopsPerStep = Double(batch) * (2 + (8.0 / 3) / Double(qrInterval)) * pow(Double(n), 3)
    let steps = max(5, Int(3e9 / flopsPerStep))
    let config = EstimatorConfiguration(
      batch: batch, steps: steps, qrInterval: qrInterval, threads: threads,
      blasThreads: threads == 1 ? 2 : 1)
    _ = try LyapunovEstimator(EstimatorConfiguration(batch: batch, steps: 2, threads: threads))
      .run(map)
    let time = try seconds { _ = try LyapunovEstimator(config).run(map) }
    return (time / Double(steps), flopsPerStep * Double(steps) / time)
  }

  /// Twice the single-thread GEMM 1024 rate per precision: the bound for work spread over
  /// the 2 cores with single-threaded BLAS.
  static func twoCorePeak() -> [String: Double] {
    [
      "Double": 2 * gemmRate(Double.self, n: 1024, threads: 1),
      "Float": 2 * gemmRate(Float.self, n: 1024, threads: 1),
    ]
  }

  static func main() throws {
    BLASKernels.useNativeKernels()
    AllocatorTuning.reuseFreedMemory()
    let arguments = CommandLine.arguments.dropFirst()
    if arguments.first == "train" {
      // `LyapBench train [charrnn|smnist]`: the training throughputs, or one task's.
      try TrainingBench.run(task: arguments.dropFirst().first)
      return
    }
    if arguments.first == "gradients" {
      try GradientsBench.run(arguments.dropFirst().compactMap { Int($0) })
      return
    }
    if arguments.first == "aelle" {
      // `LyapBench aelle [epochs] [hidden] [threads] [seed] [float|double]` (used by
      // compare_aelle_pytorch.py).
      let values = arguments.dropFirst().compactMap { Int($0) }
      try AeLLEBench.run(
        epochs: values.first ?? 3000, hidden: values.count > 1 ? values[1] : 256,
        threads: values.count > 2 ? values[2] : 2, seed: UInt64(values.count > 3 ? values[3] : 0),
        float: arguments.contains("float"))
      return
    }
    if arguments.first == "sweep" {
      try SweepBench.run()
      return
    }
    if arguments.first == "force" {
      // `LyapBench force [N]`: one dense FORCE network, training and spectrum (ForceBench).
      try ForceBench.run(size: arguments.dropFirst().first.flatMap { Int($0) } ?? 200)
      return
    }
    if arguments.first == "spectra" {
      // `LyapBench spectra [N ...]`: only the LSTM and GRU spectra (used by compare_pytorch.py).
      let sizes = arguments.dropFirst().compactMap { Int($0) }
      try RecurrentSpectrumBench.run(
        sizes: sizes.isEmpty ? [64, 128, 256, 512] : sizes, architectures: [.lstm, .gru],
        peak: twoCorePeak())
      return
    }
    print("LyapBench — estimator throughput against the machine's GEMM rate")
    print("OpenBLAS kernels: \(BLASKernels.coreName)")
    print("cores: \(ProcessInfo.processInfo.activeProcessorCount)\n")
    var peak: [String: Double] = [:]
    for (name, rate) in [
      ("Double", { (t: Int) in gemmRate(Double.self, n: 1024, threads: t) }),
      ("Float", { (t: Int) in gemmRate(Float.self, n: 1024, threads: t) }),
    ] {
      let one = rate(1)
      let two = rate(2)
      peak[name] = max(one, two)
      print(
        String(
          format: "GEMM 1024 %@: %.1f GFLOP/s (1 BLAS thread), %.1f GFLOP/s (2 threads)",
          name, one / 1e9, two / 1e9))
    }
    print(
      "\nB = 10, full spectrum (k = n). flops/step = B (2 + 8/3 / qrInterval) n^3."
        + "\n'batch on 2 cores' = threads 2 with 1-thread BLAS; 'BLAS 2 threads' = one chunk.")
    print(
      "map       precision    n  QR  layout            s/step   GFLOP/s  of peak")
    for kind in ["dense", "shared"] {
      for precision in ["Double", "Float"] {
        for n in [64, 128, 256, 512] {
          for qr in [1, 5] {
            for threads in [2, 1] {
              let result: (seconds: Double, flops: Double)
              switch (kind, precision) {
              case ("dense", "Double"):
                result = try run(
                  DenseRandomMap<Double>(dimension: n, batch: 10, seed: 3), n: n, batch: 10,
                  qrInterval: qr, threads: threads, as: Double.self)
              case ("dense", _):
                result = try run(
                  DenseRandomMap<Float>(dimension: n, batch: 10, seed: 3), n: n, batch: 10,
                  qrInterval: qr, threads: threads, as: Float.self)
              case (_, "Double"):
                result = try run(
                  SharedWeightMap<Double>(dimension: n, batch: 10, seed: 3), n: n, batch: 10,
                  qrInterval: qr, threads: threads, as: Double.self)
              default:
                result = try run(
                  SharedWeightMap<Float>(dimension: n, batch: 10, seed: 3), n: n, batch: 10,
                  qrInterval: qr, threads: threads, as: Float.self)
              }
              let layout = threads == 2 ? "batch on 2 cores" : "BLAS 2 threads"
              print(
                String(
                  format: "%-9@ %-9@ %4d %3d  %-16@ %9.5f %9.1f %7.0f%%", kind, precision, n, qr,
                  layout, result.seconds, result.flops / 1e9,
                  100 * result.flops / peak[precision]!))
            }
          }
        }
      }
    }
    try RecurrentSpectrumBench.run(
      sizes: [64, 128, 256, 512], architectures: [.lstm, .gru], peak: twoCorePeak())
    try TrainingBench.run(task: nil)
    try SweepBench.run()
  }
}
