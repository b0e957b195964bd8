import LinearAlgebra
import RealModule

/// The rate network of FORCE learning (Sussillo & Abbott 2009; the thesis's ch. 3 study):
///
///     tau dx/dt = -x + g J r + w_f z,   r = tanh(x),   z = w r
///
/// integrated by forward Euler with `h = dt / tau`:
/// `x_{t+1} = (1 - h) x_t + h (g J r_t + w_f z_t)`. The readout z (D outputs) is fed back
/// through the fixed `w_f`; only `w` is trained.
///
/// `J` is stored dense and unscaled (row = receiving unit, so `J[i, j]` is the weight from
/// unit j to unit i); its nonzeros are N(0, 1 / (density N)) with connection probability
/// `density` (every entry when density is 1), so `g J` has spectral radius about g.
public struct ForceNetwork<Scalar: BLASScalar>: Sendable {
  /// Units N.
  public var size: Int { connectivity.rows }
  /// Outputs D.
  public var outputs: Int { readout.rows }
  /// The gain g.
  public var gain: Scalar
  /// Connection probability of J.
  public var density: Double
  /// The Euler step `h = dt / tau`.
  public var step: Scalar
  /// J, `N x N`, unscaled.
  public var connectivity: Matrix<Scalar>
  /// w_f, `N x D`.
  public var feedback: Matrix<Scalar>
  /// w, `D x N`.
  public var readout: Matrix<Scalar>

  public init(
    gain: Scalar, density: Double, step: Scalar, connectivity: Matrix<Scalar>,
    feedback: Matrix<Scalar>, readout: Matrix<Scalar>
  ) {
    precondition(
      connectivity.rows == connectivity.columns && feedback.rows == connectivity.rows
        && readout.columns == connectivity.rows && feedback.columns == readout.rows,
      "FORCE weights do not fit together")
    self.gain = gain
    self.density = density
    self.step = step
    self.connectivity = connectivity
    self.feedback = feedback
    self.readout = readout
  }

  /// A random network with `w = 0`: J from stream 0 of `seed` (for each entry in
  /// column-major order, a uniform draw decides the connection unless density is 1, then a
  /// normal draw gives its weight), `w_f ~ U(-1, 1)` from stream 1.
  /// - Precondition: `size >= 1`, `outputs >= 1`, `0 < density <= 1`.
  public static func random(
    size: Int, outputs: Int, gain: Scalar, density: Double, step: Scalar, seed: UInt64
  ) -> ForceNetwork {
    precondition(size >= 1 && outputs >= 1 && density > 0 && density <= 1)
    var generator = SeededGenerator(seed: seed, stream: 0)
    let scale = 1 / (density * Double(size)).squareRoot()
    var j = Matrix<Scalar>(rows: size, columns: size)
    for index in j.storage.indices {
      if density < 1 && generator.nextUniform() >= density { continue }
      j.storage[index] = Scalar(generator.nextNormal() * scale)
    }
    var feedbackGenerator = SeededGenerator(seed: seed, stream: 1)
    var wf = Matrix<Scalar>(rows: size, columns: outputs)
    for index in wf.storage.indices {
      wf.storage[index] = Scalar(2 * feedbackGenerator.nextUniform() - 1)
    }
    return ForceNetwork(
      gain: gain, density: density, step: step, connectivity: j, feedback: wf,
      readout: Matrix(rows: outputs, columns: size))
  }

  /// `g J`, the recurrent matrix every step multiplies by.
  public var scaledConnectivity: Matrix<Scalar> {
    var m = connectivity
    for i in m.storage.indices { m.storage[i] *= gain }
    return m
  }

  /// The initial state `x0 ~ 0.5 N(0, 1)` (N values) and readout `z0 ~ 0.5 N(0, 1)`
  /// (D values), from stream 2 of `seed`.
  public func initialState(seed: UInt64) -> (x: [Scalar], z: [Scalar]) {
    var generator = SeededGenerator(seed: seed, stream: 2)
    let x = (0..<size).map { _ in Scalar(0.5 * generator.nextNormal()) }
    let z = (0..<outputs).map { _ in Scalar(0.5 * generator.nextNormal()) }
    return (x, z)
  }
}
