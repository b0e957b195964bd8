import LinearAlgebra
import TensorIO

/// How random networks are initialized (`lyap init --init`, training's `--init`).
public enum Initializer: Equatable, Sendable, CustomStringConvertible {
  /// Every parameter, biases included, uniform on (-p, p): the thesis's initialization
  /// parameter p; PyTorch's default for RNN/LSTM/GRU is p = 1/sqrt(N).
  case uniform(Double)
  /// Weights N(0, std^2); biases zero.
  case normal(Double)
  /// Each gate block of each weight matrix a scaled (semi-)orthogonal matrix; biases zero.
  case orthogonal(Double)
  /// Glorot/Xavier uniform per gate block, bound sqrt(6 / (fan_in + fan_out)); biases zero.
  case xavier

  /// Parses `uniform:P`, `normal:STD`, `orthogonal:GAIN` or `xavier`.
  public init(parsing text: String) throws {
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    let value = parts.count == 2 ? Double(parts[1]) : nil
    func bad(_ hint: String) -> NetworkError {
      .invalidValue(name: "init", value: "'\(text)'", hint: hint)
    }
    switch parts.first ?? "" {
    case "uniform":
      guard let value, value > 0, value.isFinite else { throw bad("use uniform:P with P > 0") }
      self = .uniform(value)
    case "normal":
      guard let value, value > 0, value.isFinite else { throw bad("use normal:STD with STD > 0") }
      self = .normal(value)
    case "orthogonal":
      guard let value, value > 0, value.isFinite else {
        throw bad("use orthogonal:GAIN with GAIN > 0")
      }
      self = .orthogonal(value)
    case "xavier" where parts.count == 1:
      self = .xavier
    default:
      throw bad("use uniform:P, normal:STD, orthogonal:GAIN or xavier")
    }
  }

  public var description: String {
    switch self {
    case .uniform(let p): return "uniform:\(p)"
    case .normal(let s): return "normal:\(s)"
    case .orthogonal(let g): return "orthogonal:\(g)"
    case .xavier: return "xavier"
    }
  }

  /// Random parameters for `description`, reproducible from `seed` (each tensor draws from
  /// its own stream, so adding a layer does not change the others).
  public func tensors<S: BLASScalar>(
    for description: NetworkDescription, seed: UInt64, as: S.Type
  ) throws -> [String: NDArray<S>] {
    var out: [String: NDArray<S>] = [:]
    for (index, (name, spec)) in description.parameters().enumerated() {
      var g = SeededGenerator(seed: seed, stream: index)
      let count = spec.shape.reduce(1, *)
      var values = [Double](repeating: 0, count: count)
      switch self {
      case .uniform(let p):
        for i in 0..<count { values[i] = (2 * g.nextUniform() - 1) * p }
      case .normal(let std) where !spec.isBias:
        for i in 0..<count { values[i] = g.nextNormal() * std }
      case .orthogonal(let gain) where !spec.isBias:
        values = try Self.orthogonalBlocks(
          spec.shape, blockRows: description.hiddenSize, gain: gain, &g)
      case .xavier where !spec.isBias:
        let n = description.hiddenSize
        let bound = (6 / Double(n + spec.shape[1])).squareRoot()
        for i in 0..<count { values[i] = (2 * g.nextUniform() - 1) * bound }
      default:
        break  // biases stay zero
      }
      out[name] = try NDArray(shape: spec.shape, data: values.map { S($0) })
    }
    return out
  }

  /// Row-major values of a `[G N, M]` matrix whose N x M blocks are each `gain` times a
  /// matrix with orthonormal columns (N >= M) or rows (N < M).
  static func orthogonalBlocks(
    _ shape: [Int], blockRows n: Int, gain: Double, _ g: inout SeededGenerator
  ) throws -> [Double] {
    let rows = shape[0]
    let m = shape[1]
    var out = [Double](repeating: 0, count: rows * m)
    for block in 0..<(rows / n) {
      let tall = max(n, m)
      let short = min(n, m)
      let q = try QRWorkspace<Double>(rows: tall, columns: short).factor(
        Matrix.randomNormal(rows: tall, columns: short, using: &g)
      ).q
      for i in 0..<n {
        for j in 0..<m {
          out[(block * n + i) * m + j] = gain * (n >= m ? q[i, j] : q[j, i])
        }
      }
    }
    return out
  }
}

extension NetworkWeights {
  /// A random network of `description` drawn by `initializer` from `seed`.
  public static func random(
    _ description: NetworkDescription, initializer: Initializer, seed: UInt64
  ) throws -> NetworkWeights {
    try NetworkWeights(
      description: description,
      tensors: initializer.tensors(for: description, seed: seed, as: Scalar.self))
  }
}
