import Foundation
import LinearAlgebra
import TensorIO

/// The files of one FORCE run, each written atomically (temporary file, then rename):
///
/// * `weights.safetensors`: `J` `[N, N]` unscaled (row = receiving unit), `w_f` `[N, D]`,
///   `w` `[D, N]`, F64, with g, density, h, dt, tau, learnEvery, alpha and the seeds in the
///   metadata;
/// * `spectrum.npy`: `[k]`, the mean over the starts, QR column order;
/// * `force.json`: the ``ForceReport``.
public struct ForceRunFolder: Sendable {
  public let url: URL

  public init(_ url: URL) {
    self.url = url
  }

  public var weights: URL { url.appendingPathComponent("weights.safetensors") }
  public var spectrum: URL { url.appendingPathComponent("spectrum.npy") }
  public var report: URL { url.appendingPathComponent("force.json") }

  /// Creates the folder if needed and writes the three files.
  public func write(_ run: ForceRun) throws {
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    try weightsFile(run).write(to: weights)
    let k = run.spectrum.exponents.count
    try NPY.write(try NDArray(shape: [k], data: run.spectrum.exponents), to: spectrum)
    try run.report.json().write(to: report, options: .atomic)
  }

  /// The weights with their metadata.
  public func weightsFile(_ run: ForceRun) throws -> SafeTensorsFile<Double> {
    let network = run.network
    let n = network.size
    let d = network.outputs
    let c = run.configuration
    var metadata: [String: String] = [
      "model": "force", "g": "\(c.gain)", "density": "\(c.density)", "h": "\(c.step)",
      "dt": "\(c.dt)", "tau": "\(c.tau)", "learnEvery": "\(c.learnEvery)",
      "alpha": "\(c.regularization)", "seed": "\(c.seed)",
    ]
    switch c.target {
    case .fourSine(let seed, let f, let a):
      metadata["target"] = "fourSine"
      metadata["targetSeed"] = "\(seed)"
      metadata["frequencies"] = "\(f[0])..\(f[1])"
      metadata["amplitudes"] = "\(a[0])..\(a[1])"
    case .file(let path):
      metadata["target"] = path
    }
    return SafeTensorsFile(
      tensors: [
        "J": try NDArray(shape: [n, n], data: network.connectivity.rowMajorStorage),
        "w_f": try NDArray(shape: [n, d], data: network.feedback.rowMajorStorage),
        "w": try NDArray(shape: [d, n], data: network.readout.rowMajorStorage),
      ], metadata: metadata)
  }
}
