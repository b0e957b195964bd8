import LinearAlgebra
import RecurrentNets

/// The chapter-4 gradient study of one checkpoint on one batch: local-time gradients of
/// every step, their alignment with the Q vectors and their participation ratios, streamed
/// (only the steps in ``savedSteps`` are kept as raw arrays).
///
/// The Q frames come from the forward QR recursion over the hidden-state Jacobians
/// (``QRFactorRecord``, k = N, no warmup, `Q_{-1} = I`); `Q_t` is paired with `dV_t`.
/// Steps whose analysed `dV_t` is exactly zero (step 0, from the zero initial state) are
/// left out of the alignment. `dV_t` has rank at most t (one outer product per earlier
/// state), so for t < N its last singular vectors span part of its null space, a basis
/// LAPACK chooses: their alignments measure no property of the gradient.
public struct GradientStudy: ClassifierStudy {
  /// `[step]` of `M x B`.
  public var inputs: [Matrix<Double>]
  /// B classes.
  public var classes: [Int]
  /// Singular vectors compared with Q.
  public var side: GradientAlignment.Side
  /// The gate block analysed (0-based, `i, f, g, o` or `r, z, n`); nil: their sum.
  public var gate: Int?
  /// Steps whose `dV_t` and `Q_t` are kept.
  public var savedSteps: [Int]
  /// Seeds the random Q indices and vectors of the alignment baseline.
  public var seed: UInt64

  public init(
    inputs: [Matrix<Double>], classes: [Int], side: GradientAlignment.Side = .left,
    gate: Int? = nil, savedSteps: [Int] = [], seed: UInt64 = 0
  ) {
    self.inputs = inputs
    self.classes = classes
    self.side = side
    self.gate = gate
    self.savedSteps = savedSteps
    self.seed = seed
  }

  public struct Output: Sendable {
    public var alignment: GradientAlignment
    /// Gate blocks G of the hidden-to-hidden weight.
    public var gates: Int
    /// Mean step-t loss over the batch, per step.
    public var meanLoss: [Double]
    /// `[B, saved steps, G N, N]` row-major: `dV_t` as PyTorch's `weight_hh_l0`.
    public var savedGradients: [Double]
    /// `[B, saved steps, N, N]` row-major: `Q_t[i][j]` is component i of vector j.
    public var savedFrames: [Double]
  }

  public func run<Cell: TrainableCell>(_ model: RecurrentClassifier<Cell>) throws -> Output
  where Cell.Scalar == Double {
    let n = model.hiddenSize
    let steps = inputs.count
    let gates = model.gateCount
    if let gate, gate < 0 || gate >= gates {
      throw GradientStudyError.invalidValue(
        name: "gate", value: "\(gate)", hint: "this architecture has gate blocks 0..<\(gates)")
    }
    if let bad = savedSteps.first(where: { $0 < 0 || $0 >= steps }) {
      throw GradientStudyError.invalidValue(
        name: "saved step", value: "\(bad)", hint: "steps are 0..<\(steps)")
    }
    var alignment = GradientAlignment(hiddenSize: n, side: side, seed: seed)
    var lossSums = [Double](repeating: 0, count: steps)
    var savedGradients: [Double] = []
    var savedFrames: [Double] = []
    let saved = Set(savedSteps)
    try LocalTimeGradients.forEachSequence(model, inputs: inputs, classes: classes) {
      b, forward in
      let record = try QRFactorRecord(
        jacobians: model.jacobians(forward, convention: .hidden), columns: n,
        orientation: .forward)
      var keptGradients: [Int: [Double]] = [:]
      var keptFrames: [Int: [Double]] = [:]
      for t in 0..<steps {
        let pass = LocalTimeGradients.truncatedPass(
          model, steps: forward, at: t, target: classes[b])
        guard pass.loss.isFinite, pass.weightHH.firstNonFiniteColumn() == nil else {
          throw GradientStudyError.nonFinite(
            what: "the step loss or its gradient", sequence: b, step: t)
        }
        lossSums[t] += pass.loss
        let analysed =
          gate.map { LocalTimeGradients.gateBlocks(pass.weightHH, hiddenSize: n)[$0] }
          ?? LocalTimeGradients.gateSum(pass.weightHH, hiddenSize: n)
        // dV_0 = a_0 h_{-1}^T vanishes from the zero initial state: no singular vectors.
        if analysed.maxAbs > 0 {
          try alignment.add(gradient: analysed, frame: record.q[t], step: t)
        }
        if saved.contains(t) {
          keptGradients[t] = pass.weightHH.rowMajorStorage
          keptFrames[t] = record.q[t].rowMajorStorage
        }
      }
      for t in savedSteps {
        savedGradients += keptGradients[t]!
        savedFrames += keptFrames[t]!
      }
    }
    return Output(
      alignment: alignment, gates: gates,
      meanLoss: lossSums.map { $0 / Double(classes.count) }, savedGradients: savedGradients,
      savedFrames: savedFrames)
  }
}
