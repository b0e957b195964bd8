import LinearAlgebra
import RealModule

/// The elementwise nonlinearities of a dense layer, with PyTorch's definitions.
///
/// - `identity`: `a = z` (a linear output layer).
/// - `tanh`: `a = tanh z`, `da/dz = 1 - a^2`.
/// - `relu`: `a = max(z, 0)`, `da/dz = 1` for `z > 0`, else 0 (PyTorch's choice at 0).
/// - `leakyReLU`: `a = z` for `z > 0`, `slope * z` otherwise, slope 0.01 (`nn.LeakyReLU`).
/// - `sigmoid`: `a = 1 / (1 + e^-z)`, `da/dz = a (1 - a)`.
public enum DenseActivation: String, Codable, Sendable, CaseIterable {
  case identity
  case tanh
  case relu
  case leakyReLU = "leaky-relu"
  case sigmoid

  /// The negative-side slope of ``leakyReLU`` (PyTorch's default).
  public static let leakySlope = 0.01

  /// `a = f(z)` elementwise.
  public func apply(_ z: Matrix<Double>) -> Matrix<Double> {
    var a = z
    switch self {
    case .identity: break
    case .tanh: a.storage.withUnsafeMutableBufferPointer { Double.applyTanh($0) }
    case .sigmoid: a.storage.withUnsafeMutableBufferPointer { Double.applySigmoid($0) }
    case .relu:
      for i in a.storage.indices where a.storage[i] < 0 { a.storage[i] = 0 }
    case .leakyReLU:
      for i in a.storage.indices where a.storage[i] < 0 { a.storage[i] *= Self.leakySlope }
    }
    return a
  }

  /// `dL/dz = dL/da * f'(z)` elementwise, from the pre-activation `z` and output `a = f(z)`.
  public func backward(
    _ gradient: Matrix<Double>, preactivation z: Matrix<Double>, output a: Matrix<Double>
  ) -> Matrix<Double> {
    var g = gradient
    switch self {
    case .identity: break
    case .tanh:
      for i in g.storage.indices { g.storage[i] *= 1 - a.storage[i] * a.storage[i] }
    case .sigmoid:
      for i in g.storage.indices { g.storage[i] *= a.storage[i] * (1 - a.storage[i]) }
    case .relu:
      for i in g.storage.indices where z.storage[i] <= 0 { g.storage[i] = 0 }
    case .leakyReLU:
      for i in g.storage.indices where z.storage[i] <= 0 { g.storage[i] *= Self.leakySlope }
    }
    return g
  }
}
