import Analysis
import ArgumentParser
import Foundation
import TensorIO
import Training

/// The checkpoint and the sequences of `lyap gradients` and `lyap perturb`: SMNIST
/// validation images, or `.npy` inputs and targets.
struct StudyDataOptions: ParsableArguments {
  @Option(
    help: "A checkpoint written by lyap train (best.safetensors, checkpoints/epoch-N.safetensors).")
  var model: String

  @Option(
    help: "Data task: smnist (the validation part of IDX images). Or pass --inputs/--targets.")
  var task: StudyTask?
  @Option(help: "smnist: IDX images (gzipped or not).") var images: String?
  @Option(help: "smnist: IDX labels (gzipped or not).") var labels: String?
  @Option(help: "smnist: rows (28 steps of 28 pixels) or pixels (784 steps of 1).")
  var layout: MNISTSequenceDataset.Layout = .rows
  @Option(help: "smnist pixels: the pixel permutation seed the model was trained with.")
  var permuteSeed: UInt64?
  @Option(
    help: "smnist: images in the validation part (the last ones; default 20%, as lyap train).")
  var validationCount: Int?
  @Option(help: "smnist: the first validation image used (0-based).") var firstImage = 0

  @Option(help: "Input sequences [batch, steps, features] as .npy (instead of --task).")
  var inputs: String?
  @Option(help: "With --inputs: one class per sequence, [batch] .npy (int64 or any numeric dtype).")
  var targets: String?

  /// The checkpoint's parameters in double precision.
  func loadModel() throws -> ModelParameters<Double> {
    do {
      return try ModelParameters<Double>.read(URL(fileURLWithPath: model)).0
    } catch {
      throw CLIError("cannot read --model \(model): \(error); pass a checkpoint of lyap train")
    }
  }

  /// `count` sequences (all of `--inputs` when nil).
  func batch(count: Int?) throws -> StudyBatch {
    do {
      if let inputs {
        guard task == nil, let targets else {
          throw CLIError("--inputs needs --targets and excludes --task")
        }
        let x = try NPY.read(URL(fileURLWithPath: inputs), as: Double.self)
        let y = try NPY.read(URL(fileURLWithPath: targets), as: Double.self)
        var batch = try StudyBatch(inputs: x, targets: y)
        if let count {
          guard count >= 1, firstImage >= 0, firstImage + count <= batch.classes.count else {
            throw CLIError(
              "--first-image \(firstImage) with \(plural(count, "sequence")) exceeds the \(batch.classes.count) in --inputs"
            )
          }
          let range = firstImage..<(firstImage + count)
          batch = StudyBatch(
            inputs: batch.inputs.map { $0.columns(range) }, classes: Array(batch.classes[range]))
        }
        return batch
      }
      guard task == .smnist, let images, let labels else {
        throw CLIError(
          "no data: pass --task smnist --images I --labels L, or --inputs X.npy --targets Y.npy")
      }
      let data = try MNISTSequenceDataset(
        images: URL(fileURLWithPath: images), labels: URL(fileURLWithPath: labels),
        layout: layout, permutationSeed: permuteSeed, validationCount: validationCount)
      return try StudyBatch(validationOf: data, first: firstImage, count: count ?? 25)
    } catch let error as CLIError {
      throw error
    } catch {
      throw CLIError("cannot load the sequences: \(error)")
    }
  }
}

/// The data tasks of the studies.
enum StudyTask: String, ExpressibleByArgument, CaseIterable {
  case smnist
}

/// Parses a comma-separated list of integers for `option`.
func parseIntegerList(_ text: String, option: String) throws -> [Int] {
  let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
  let values = parts.compactMap { Int($0) }
  guard !parts.isEmpty, values.count == parts.count else {
    throw CLIError("\(option) '\(text)' is not a comma-separated list of integers, e.g. 0,13,27")
  }
  return values
}

/// Writes `text` to `path` (atomically) or stdout.
func emitText(_ text: String, to path: String?) throws {
  guard let path else {
    print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    return
  }
  do {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
  } catch {
    throw CLIError("cannot write --output \(path): \(error.localizedDescription)")
  }
}

/// Pretty, sorted JSON with NaN and infinities as strings.
func studyJSON<T: Encodable>(_ value: T) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  return String(decoding: try encoder.encode(value), as: UTF8.self)
}
