import Analysis
import Foundation
import LinearAlgebra

/// `LyapBench aelle [epochs] [hidden] [threads] [seed] [float|double]`: full-batch Adam
/// training of the AeLLE autoencoder (k = 200 -> hidden -> 32, decoder mirrored, linear head,
/// L1 prediction loss, the ramp schedule, weight decay 1e-5) on 720 synthetic spectra with 80
/// validation spectra measured every epoch. `compare_aelle_pytorch.py` times the same work.
/// Training itself runs two workers of one BLAS thread each; `threads` is set outside it.
///
/// GEMM flops an epoch (n = 720 training, N = 800 with validation, k = 200, d = 32, h):
/// encoder forward `2N(hk + dh)`, decoder forward `2n(hd + kh)`, backward `2n(3kh + 4hd)`
/// (no gradient for the input), the head's `4nd + 2Nd` left out.
enum AeLLEBench {
  static func run(epochs: Int, hidden h: Int, threads: Int, seed: UInt64, float: Bool) throws {
    BLASThreads.count = threads
    var generator = SeededGenerator(seed: 1)
    let x = Matrix<Double>.randomNormal(rows: 200, columns: 720, using: &generator)
    let xv = Matrix<Double>.randomNormal(rows: 200, columns: 80, using: &generator)
    let t = (0..<720).map { x[0, $0] - 0.5 * x[1, $0] }
    let tv = (0..<80).map { xv[0, $0] - 0.5 * xv[1, $0] }
    var settings = AeLLETraining()
    settings.epochs = epochs
    settings.hidden = h
    settings.seed = seed
    var result: AeLLETraining.Result?
    let time = LyapBench.seconds {
      result =
        float
        ? try? settings.train(x, t, validation: xv, tv, in: Float.self)
        : try? settings.train(x, t, validation: xv, tv, in: Double.self)
    }
    let (k, d, n, all) = (200.0, 32.0, 720.0, 800.0)
    let hh = Double(h)
    let flops =
      Double(epochs)
      * (2 * all * (hh * k + d * hh) + 2 * n * (hh * d + k * hh) + 2 * n * (3 * k * hh + 4 * hh * d))
    let kept = result?.keptEpoch ?? -1
    let best = result.map { $0.validationPrediction[max(0, $0.keptEpoch - 1)] } ?? .nan
    print(
      String(
        format: "AeLLE seed %d k=200 hidden=%d latent=32, 720 spectra (+80 validation), %d epochs, "
          + "%@, 2 workers (BLAS threads %d outside): %.2f s, %.1f GFLOP/s GEMM work (kept epoch %d, "
          + "validation MAE %.6f, final reconstruction %.6f)",
        Int(seed), h, epochs, float ? "Float" : "Double", threads, time, flops / time / 1e9, kept,
        best,
        result?.reconstruction.last ?? .nan))
  }
}
