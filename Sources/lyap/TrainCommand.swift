import ArgumentParser
import Foundation
import LinearAlgebra
import RecurrentNets
import Training

extension TaskSpecification.Kind: ExpressibleByArgument {}

extension OptimizerKind: ExpressibleByArgument {}
extension LearningRateSchedule: ExpressibleByArgument {}
extension LossKind: ExpressibleByArgument {}
extension MNISTSequenceDataset.Layout: ExpressibleByArgument {}

/// `lyap train`: train a recurrent network and track its Lyapunov spectrum.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a recurrent network by backpropagation through time, tracking its spectrum.",
    discussion: """
      The run folder receives config.json, metrics.jsonl (one line per epoch: losses, \
      accuracy, seconds, learning rate, spectrum statistics), spectra.npy ([epochs + 1, k], \
      epoch 0 before training, computed on the same first validation sequences), \
      checkpoints/epoch-N.safetensors and best.safetensors (PyTorch names: rnn.weight_ih_l0, \
      ..., readout.weight). Ctrl-C stops after the current batch; `lyap train --run-dir R \
      --resume [--epochs E]` continues from the last finished epoch with the task, data, \
      precision and settings of the run's config.json: other options are ignored, only \
      --epochs takes effect (a larger number trains further), and a different --task or \
      data file is refused. A run stopped at any instant (Ctrl-C, SIGTERM, a kill) resumes \
      this way: an epoch whose files were not all written is trained again, and what can be \
      rebuilt from the checkpoints (spectra.npy, best.safetensors) is rebuilt.

      Examples:
        lyap train --task charrnn --text war-and-peace.txt --arch lstm \\
          --hidden-size 128 --init uniform:0.08 --lr 0.002 --dropout 0.1 \\
          --clip 5 --epochs 5 --run-dir runs/wp
        lyap train --task smnist --images t10k-images-idx3-ubyte.gz \\
          --labels t10k-labels-idx1-ubyte.gz --train-count 8000 \\
          --validation-count 2000 --arch gru --hidden-size 64 --lr 0.001 \\
          --batch-size 128 --epochs 5 --run-dir runs/smnist
      """)

  @Option(
    help:
      "Task: charrnn (next character), smnist (sequential MNIST) or signal (next frame); with --resume, the run's own."
  )
  var task: TaskSpecification.Kind?
  @Option(help: "charrnn: a UTF-8 text file.") var text: String?
  @Option(help: "smnist: IDX images (gzipped or not).") var images: String?
  @Option(help: "smnist: IDX labels (gzipped or not).") var labels: String?
  @Option(help: "smnist: rows (28 steps of 28 pixels) or pixels (784 steps of 1).")
  var layout: MNISTSequenceDataset.Layout?
  @Option(
    parsing: .unconditional,
    help: "smnist pixels: a fixed random permutation of the pixels from this seed.")
  var permuteSeed: UInt64?
  @Option(
    parsing: .unconditional, help: "smnist: images used for training (the first ones); default 80%."
  )
  var trainCount: Int?
  @Option(
    parsing: .unconditional,
    help: "smnist: images used for validation (the last ones); default 20%.")
  var validationCount: Int?
  @Option(
    name: .customLong("signal"),
    help: "signal: a [T, D] .npy signal; default: a built-in Lorenz-96 (20 dimensions).")
  var signalFile: String?

  @Option(
    help:
      "Architecture: \(Architecture.allCases.map(\.rawValue).joined(separator: ", ")) (default lstm)."
  )
  var arch: Architecture?
  @Option(parsing: .unconditional, help: "Hidden units N per layer (default 128).")
  var hiddenSize: Int?
  @Option(parsing: .unconditional, help: "Stacked layers (default 1).") var layers: Int?
  @Option(
    help: "Initializer: uniform:P (default P = 1/sqrt(N)), normal:STD, orthogonal:GAIN, xavier.")
  var `init`: String?
  @Option(help: "Optimizer: adam (default), sgd, adagrad or rmsprop (PyTorch update rules).")
  var optimizer: OptimizerKind?
  @Option(parsing: .unconditional, help: "Learning rate (default 0.002).") var lr: Double?
  @Option(parsing: .unconditional, help: "SGD momentum (default 0).") var momentum: Double?
  @Option(
    help: "Learning-rate schedule: constant (default), or decay (x0.95 per epoch after epoch 10).")
  var schedule: LearningRateSchedule?
  @Option(
    parsing: .unconditional, help: "Epochs (default 10; with --resume, the run's own number).")
  var epochs: Int?
  @Option(parsing: .unconditional, help: "Sequences per batch (default 100).") var batchSize: Int?
  @Option(parsing: .unconditional, help: "charrnn and signal: steps per sequence (default 100).")
  var seqLen: Int?
  @Option(
    parsing: .unconditional,
    help:
      "charrnn: train and validate on a random share of the windows (e.g. 0.3), drawn from --seed."
  )
  var subsetFraction: Double?
  @Option(parsing: .unconditional, help: "Dropout before the readout (default 0).")
  var dropout: Double?
  @Flag(
    inversion: .prefixedNo,
    help:
      "charrnn/signal: stateful training (the default for these tasks) — contiguous streams, each batch starting from the previous batch's final state (reset each epoch), as in char-rnn and the thesis's code; --no-carry-state trains on shuffled windows from a zero state."
  )
  var carryState: Bool?
  @Option(parsing: .unconditional, help: "Clip the global gradient norm to this value.") var clip:
    Double?
  @Option(
    help:
      "Loss: cross-entropy (charrnn and smnist, their only loss), or mse or mae (signal; default mse)."
  )
  var loss: LossKind?
  @Option(
    parsing: .unconditional, help: "Seed for initialization, shuffling and dropout (default 0).")
  var seed: UInt64?
  @Option(
    parsing: .unconditional,
    help: "signal: seed of the built-in Lorenz-96 trajectory (the data, not the model; default 0).")
  var signalSeed: UInt64?
  @Option(help: "Precision of training: float (as PyTorch, the default) or double.")
  var precision: Precision?
  @Option(help: "The run folder.") var runDir: String
  @Option(
    parsing: .unconditional, help: "Compute the spectrum every N epochs (0: never; default 1).")
  var spectrumEvery: Int?
  @Option(
    parsing: .unconditional, help: "Validation sequences the spectrum is computed on (default 10).")
  var spectrumBatch: Int?
  @Option(
    parsing: .unconditional,
    help: "Steps of those sequences used for the spectrum (at most their length).")
  var spectrumSteps: Int?
  @Option(parsing: .unconditional, help: "Of those, steps run before accumulation (default 0).")
  var spectrumWarmup: Int?
  @Option(
    parsing: .unconditional, help: "Leading exponents kept (default: the full hidden spectrum).")
  var spectrumExponents: Int?
  @OptionGroup(title: "Architecture hyperparameters") var hyper: HyperparameterOptions
  @Option(parsing: .unconditional, help: "Time step of coRNN, Lipschitz/Noisy RNN and LEM.") var dt:
    Double?
  @Flag(help: "Continue the run in --run-dir from its last finished epoch.") var resume = false
  @Option(
    help:
      "Progress on stderr: auto (a bar on a terminal, otherwise a line every 5 s), always (a line every 5 s even on a terminal) or never."
  )
  var progress: ProgressMode = .auto

  func run() throws {
    guard !runDir.isEmpty else {
      throw CLIError("--run-dir is empty: give the folder of the run (created if missing)")
    }
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: runDir, isDirectory: &isFolder), !isFolder.boolValue {
      throw CLIError("--run-dir \(runDir) is a file, not a folder: give a new or existing folder")
    }
    let folder = RunFolder(URL(fileURLWithPath: runDir))
    do {
      let run: TrainingRun
      let dataset: (any SequenceDataset)?
      if resume {
        run = try resumedRun(folder)
        dataset = nil
      } else {
        let built = try options.specification()
        run = TrainingRun(specification: built.specification, folder: folder)
        dataset = built.dataset
      }
      try train(run, dataset: dataset)
    } catch let error as CLIError {
      throw error
    } catch let error as ExitCode {
      throw error
    } catch {
      throw CLIError(describing: error)
    }
  }
}
