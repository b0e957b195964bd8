import Foundation
import LinearAlgebra
import RecurrentNets
import Training

/// Training throughput of issue 4: CharRNN LSTM (hidden 128, 256 and 512, batch 100, sequences of
/// 100 one-hot characters over 82 symbols, dropout 0.1 as the protocol) in characters
/// per second, and row-wise SMNIST (GRU and LSTM, hidden 64, batch 128, the real MNIST test
/// set when present) in images per second; Float, spectra off. CharRNN times one epoch of
/// 5120/hidden batches of a fixed synthetic data set of the same shapes (the batches
/// `compare_pytorch_training.py` times); an SMNIST epoch takes well under a second, so it
/// takes the median of three. Validation (a few sequences) is outside the timed epoch.
enum TrainingBench {
  /// Random one-hot sequences over `vocabulary` symbols (or random rows for `rows`), with
  /// class targets per step (characters) or at the end (images).
  struct SyntheticData: SequenceDataset {
    let inputSize: Int
    let outputSize: Int
    let steps: Int
    let sequences: Int
    let targetKind: TargetKind

    /// Training needs a validation split; a small one keeps the untimed validation short.
    func count(_ split: DataSplit) -> Int { split == .train ? sequences : 8 }

    @_specialize(where S == Float)

    @_specialize(where S == Double)

    func batch<S: BLASScalar>(_ split: DataSplit, indices: [Int], as: S.Type) -> SequenceBatch<S> {
      var inputs = [Matrix<S>](
        repeating: Matrix(rows: inputSize, columns: indices.count), count: steps)
      var classes = [[Int]](repeating: [], count: steps)
      for (column, index) in indices.enumerated() {
        var g = SeededGenerator(seed: 7, stream: index)
        for t in 0..<steps {
          if targetKind == .classesPerStep {
            inputs[t].storage[Int(g.next() % UInt64(inputSize)) + column * inputSize] = 1
          } else {
            for i in 0..<inputSize {
              inputs[t].storage[i + column * inputSize] = S(g.nextUniform())
            }
          }
          classes[t].append(Int(g.next() % UInt64(outputSize)))
        }
      }
      return SequenceBatch(
        inputs: inputs,
        targets: targetKind == .classesPerStep
          ? .classesPerStep(classes) : .classAtEnd(classes[steps - 1]))
    }
  }

  /// Median seconds per epoch of `data`'s training split over `epochs` epochs.
  static func epochSeconds(
    _ arch: Architecture, hidden: Int, data: any SequenceDataset, batchSize: Int, epochs: Int = 1,
    dropout: Double = 0
  ) throws -> Double {
    let folder = RunFolder(
      FileManager.default.temporaryDirectory.appendingPathComponent("lyapbench-\(UUID())"))
    defer { try? FileManager.default.removeItem(at: folder.url) }
    let config = RunSpecification(
      task: TaskSpecification(kind: .charrnn),
      network: NetworkDescription(
        architecture: arch, layers: 1, inputSize: data.inputSize, hiddenSize: hidden),
      initializer: "uniform:0.08", optimizer: .adam, learningRate: 0.002, epochs: epochs,
      batchSize: batchSize, dropout: dropout, clip: 5, spectrumEvery: 0)
    let metrics = try Trainer<Float>(configuration: config, dataset: data, folder: folder)
      .run(resume: false)
    let seconds = metrics.filter { $0.epoch > 0 }.map(\.seconds).sorted()
    return seconds[seconds.count / 2]
  }

  static func run(task: String?) throws {
    print(
      "\nTraining throughput (Float, Adam, clip 5; CharRNN: dropout 0.1, one epoch of"
        + " 5120/hidden synthetic batches; SMNIST: median of three epochs)")
    for hidden in [128, 256, 512] where task != "smnist" {
      let data = SyntheticData(
        inputSize: 82, outputSize: 82, steps: 100, sequences: 100 * (5120 / hidden),
        targetKind: .classesPerStep)
      let s = try epochSeconds(.lstm, hidden: hidden, data: data, batchSize: 100, dropout: 0.1)
      print(
        String(
          format: "CharRNN LSTM %3d: %8.0f characters/s", hidden, Double(data.sequences * 100) / s))
    }
    if task == "charrnn" { return }
    // The real MNIST test set when ../shared is beside the checkout (first 8000 images).
    let mnist = URL(fileURLWithPath: "../shared/data/mnist")
    let data: any SequenceDataset =
      (try? MNISTSequenceDataset(
        images: mnist.appendingPathComponent("t10k-images-idx3-ubyte.gz"),
        labels: mnist.appendingPathComponent("t10k-labels-idx1-ubyte.gz"), trainCount: 8000,
        validationCount: 2000))
      ?? SyntheticData(
        inputSize: 28, outputSize: 10, steps: 28, sequences: 8000, targetKind: .classAtEnd)
    for arch in [Architecture.gru, .lstm] {
      let s = try epochSeconds(arch, hidden: 64, data: data, batchSize: 128, epochs: 3)
      print(String(format: "SMNIST rows %@ 64: %8.0f images/s", arch.rawValue, 8000 / s))
    }
  }
}
