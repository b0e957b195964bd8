import Foundation
import LinearAlgebra
import Training

/// `LyapBench force [N]`: one dense FORCE network of N units (15 epochs of the four-sine with
/// their free runs, then the full spectrum over 10 starts x 200 steps, Double), best of 3,
/// with BLAS on one thread and the starts on 1 or 2 threads, beside the single-core GEMM rate
/// that bounds the spectrum. Benchmarks/force_numpy.py runs it next to a numpy baseline.
enum ForceBench {
  static func run(size n: Int) throws {
    let one = LyapBench.gemmRate(Double.self, n: n, threads: 1)
    let big = LyapBench.gemmRate(Double.self, n: 1024, threads: 1)
    BLASThreads.count = 1
    print("FORCE, dense N = \(n), Double; OpenBLAS kernels \(BLASKernels.coreName)")
    print(
      String(
        format: "GEMM %d: %.1f GFLOP/s, GEMM 1024: %.1f GFLOP/s (1 BLAS thread)", n, one / 1e9,
        big / 1e9))
    var c = ForceConfiguration()
    c.size = n
    c.density = 1
    c.gain = 1.5
    let cube = pow(Double(n), 3)
    let qrSteps = Double(c.starts * c.spectrumSteps)
    // A QR step that keeps Q as reflectors: J Q by ormqr (2 n^3) and geqrf (4/3 n^3); the
    // bound is that count at the GEMM rate.
    let counted = (2 + 4.0 / 3) * cube * qrSteps
    let bound = counted / one
    print("threads  training s  spectrum s   total s  GFLOP/s (3.3 N^3)  bound/spectrum")
    for threads in [1, 2] {
      c.threads = threads
      var best = (training: Double.infinity, spectrum: Double.infinity)
      for _ in 0..<3 {
        let run = try ForceExperiment.run(c)
        if run.trainingSeconds + run.spectrumSeconds < best.training + best.spectrum {
          best = (run.trainingSeconds, run.spectrumSeconds)
        }
      }
      print(
        String(
          format: "%7d  %10.3f  %10.3f  %8.3f  %17.1f  %13.0f%%", threads, best.training,
          best.spectrum, best.training + best.spectrum, counted / best.spectrum / 1e9,
          100 * bound / best.spectrum))
      print(
        "force-result threads=\(threads) training=\(best.training) spectrum=\(best.spectrum) gemm=\(one)"
      )
    }
  }
}
