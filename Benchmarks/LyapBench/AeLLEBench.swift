import Analysis
import Foundation
import LinearAlgebra

/// `LyapBench aelle [epochs] [hidden] [threads]`: full-batch Adam training of the AeLLE
/// autoencoder (k = 200 -> hidden -> 32, decoder mirrored, linear head, L1 prediction loss,
/// the ramp schedule, weight decay 1e-5) on 720 synthetic spectra with 80 validation
/// spectra measured every epoch, in Double. `compare_aelle_pytorch.py` times the same work.
enum AeLLEBench {
  static func run(epochs: Int, hidden: Int, threads: Int) throws {
    BLASThreads.count = threads
    var generator = SeededGenerator(seed: 1)
    let x = Matrix<Double>.randomNormal(rows: 200, columns: 720, using: &generator)
    let xv = Matrix<Double>.randomNormal(rows: 200, columns: 80, using: &generator)
    let t = (0..<720).map { x[0, $0] - 0.5 * x[1, $0] }
    let tv = (0..<80).map { xv[0, $0] - 0.5 * xv[1, $0] }
    var settings = AeLLETraining()
    settings.epochs = epochs
    settings.hidden = hidden
    var kept = 0
    let time = LyapBench.seconds {
      kept = (try? settings.train(x, t, validation: xv, tv).keptEpoch) ?? -1
    }
    print(
      String(
        format: "AeLLE k=200 hidden=%d latent=32, 720 spectra (+80 validation), %d epochs, "
          + "BLAS threads %d: %.2f s (kept epoch %d)", hidden, epochs, threads, time, kept))
  }
}
