import Foundation
import LinearAlgebra

/// The memory a network's weights take, checked before they are allocated.
extension NetworkDescription {
  /// The number of parameters, counted in floating point so that no size overflows: layer 0
  /// reads the inputs, every further layer the `hiddenSize` outputs of the one below.
  public var parameterCount: Double {
    func count(inputSize m: Int) -> Double {
      architecture.parameterSpecs(hiddenSize: hiddenSize, inputSize: m).reduce(0.0) {
        $0 + $1.shape.reduce(1.0) { $0 * Double($1) }
      }
    }
    return count(inputSize: inputSize) + Double(max(0, layers - 1)) * count(inputSize: hiddenSize)
  }

  /// Throws ``InsufficientMemoryError`` naming the largest of the sizes (layers, input size
  /// or hidden size) when `copies` copies of the weights at `scalarBytes` bytes each, plus
  /// `extraBytes`, exceed the memory available.
  public func checkMemory(
    scalarBytes: Int, copies: Double, extraBytes: Double = 0, what: String
  ) throws {
    let bytes = parameterCount * Double(scalarBytes) * copies + extraBytes
    let (name, value) =
      layers > max(hiddenSize, inputSize)
      ? ("layers", layers)
      : inputSize > hiddenSize ? ("input-size", inputSize) : ("hidden-size", hiddenSize)
    try MemoryBudget.check(
      bytes: bytes, name: name, value: "\(value)",
      what:
        "\(what) of a \(layers)-layer \(architecture.rawValue) with \(hiddenSize) units and \(inputSize) inputs (\(String(format: "%.3g", parameterCount)) parameters)"
    )
  }
}
