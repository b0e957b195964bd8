import Foundation
import LinearAlgebra
import RecurrentNets

/// The options of a training run by the long names `lyap train` gives them (`hidden-size`,
/// `spectrum-every`, ...): the one table that the command line, sweep specs and the run
/// specification share. Unset options (nil) take the defaults of ``defaults``.
///
/// ``specification(relativeTo:)`` checks the options together (those that do not apply to
/// the task or the architecture are refused, not ignored) and builds the
/// ``RunSpecification`` and its data.
public struct TrainOptions: Codable, Equatable, Sendable {
  public var task: TaskSpecification.Kind?
  public var text: String?
  public var images: String?
  public var labels: String?
  public var layout: MNISTSequenceDataset.Layout?
  public var permuteSeed: UInt64?
  public var trainCount: Int?
  public var validationCount: Int?
  public var signal: String?
  public var signalSeed: UInt64?
  public var subsetFraction: Double?
  public var arch: Architecture?
  public var hiddenSize: Int?
  public var layers: Int?
  /// Initializer text: `uniform:P`, `normal:STD`, `orthogonal:GAIN`, `xavier`.
  public var initializer: String?
  public var optimizer: OptimizerKind?
  public var lr: Double?
  public var momentum: Double?
  public var schedule: LearningRateSchedule?
  public var epochs: Int?
  public var batchSize: Int?
  public var seqLen: Int?
  public var dropout: Double?
  public var carryState: Bool?
  public var clip: Double?
  public var loss: LossKind?
  public var seed: UInt64?
  public var precision: Precision?
  public var spectrumEvery: Int?
  public var spectrumBatch: Int?
  public var spectrumSteps: Int?
  public var spectrumWarmup: Int?
  public var spectrumExponents: Int?
  public var eps: Double?
  public var gamma: Double?
  public var beta: Double?
  public var gammaA: Double?
  public var gammaW: Double?
  public var alpha: Double?
  public var noiseAdditive: Double?
  public var noiseMultiplicative: Double?
  public var dt: Double?

  public init() {}

  /// The value of every option left unset (those without one depend on other options:
  /// `init` is uniform 1/sqrt(N), `loss` follows the task, `carry-state` is on for charrnn
  /// and signal, `spectrum-steps` covers the sequences, `spectrum-exponents` the hidden state).
  public static let defaults: TrainOptions = {
    var d = TrainOptions()
    d.layout = .rows
    d.arch = .lstm
    d.hiddenSize = 128
    d.layers = 1
    d.optimizer = .adam
    d.lr = 0.002
    d.momentum = 0
    d.schedule = .constant
    d.epochs = 10
    d.batchSize = 100
    d.seqLen = 100
    d.dropout = 0
    d.seed = 0
    d.signalSeed = 0
    d.precision = .float
    d.spectrumEvery = 1
    d.spectrumBatch = 10
    d.spectrumWarmup = 0
    return d
  }()

  /// The long names of every option, as `lyap train` and sweep specs spell them.
  public static var names: [String] { CodingKeys.allCases.map(\.rawValue) }

  /// The options whose values are file paths (relative ones are taken against a directory).
  public static let pathOptions: Set<String> = ["text", "images", "labels", "signal"]

  enum CodingKeys: String, CodingKey, CaseIterable {
    case task, text, images, labels, layout
    case permuteSeed = "permute-seed"
    case trainCount = "train-count"
    case validationCount = "validation-count"
    case signal
    case signalSeed = "signal-seed"
    case subsetFraction = "subset-fraction"
    case arch
    case hiddenSize = "hidden-size"
    case layers
    case initializer = "init"
    case optimizer, lr, momentum, schedule, epochs
    case batchSize = "batch-size"
    case seqLen = "seq-len"
    case dropout
    case carryState = "carry-state"
    case clip, loss, seed, precision
    case spectrumEvery = "spectrum-every"
    case spectrumBatch = "spectrum-batch"
    case spectrumSteps = "spectrum-steps"
    case spectrumWarmup = "spectrum-warmup"
    case spectrumExponents = "spectrum-exponents"
    case eps, gamma, beta
    case gammaA = "gamma-a"
    case gammaW = "gamma-w"
    case alpha
    case noiseAdditive = "noise-additive"
    case noiseMultiplicative = "noise-multiplicative"
    case dt
  }
}
