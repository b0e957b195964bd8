import Foundation
import LinearAlgebra

/// The trials of a sweep in order, with the number of duplicates dropped.
public struct SweepExpansion: Sendable {
  public let trials: [Trial]
  /// Trials whose resolved options repeated an earlier trial's (same id), kept once.
  public let duplicates: Int
}

extension SweepSpec {
  /// The largest grid a block may expand to.
  static let maximumGrid = 10_000_000

  /// The sweep's trials: block after block, a grid (the cartesian product of the choices
  /// in the order written, the last key fastest) or `trials` seeded random draws, indexed
  /// from 0 across the whole spec. Block `b` draws from
  /// `SeededGenerator(seed: samplerSeed, stream: b)`, one draw per varied key per trial
  /// in the order written, so the same spec gives the same trials on every machine. A
  /// trial equal to an earlier one is dropped. Every trial is checked by the task; the
  /// first refusal is an error naming the trial and its block.
  public func expand() throws -> SweepExpansion {
    var trials: [Trial] = []
    var seen: Set<String> = []
    var duplicates = 0
    for block in blocks {
      for draw in try draws(of: block) {
        var options = block.fixed
        for (key, value) in zip(block.vary, draw) where key.isOption {
          options[key.name] = value
        }
        let drawn = Dictionary(uniqueKeysWithValues: zip(block.vary.map(\.name), draw))
        for template in block.set {
          options[template.option] = .string(template.render(drawn))
        }
        options["task"] = .string(task.name)
        var variables: [String: OptionValue] = [:]
        for name in variedNames {
          if let value = drawn[name] ?? options[name] { variables[name] = value }
        }
        let trial = Trial(
          index: trials.count, options: options, variables: variables, block: block.index)
        guard seen.insert(trial.id).inserted else {
          duplicates += 1
          continue
        }
        trials.append(trial)
      }
    }
    for trial in trials {
      do {
        try task.validate(trial.options, baseDirectory: baseDirectory)
      } catch {
        throw SweepSpecError.invalidTrial(
          index: trial.index, block: trial.block, blockName: blocks[trial.block].name,
          reason: String(describing: error))
      }
    }
    return SweepExpansion(trials: trials, duplicates: duplicates)
  }

  /// The values of the block's varied keys for each of its trials, in `vary` order.
  func draws(of block: SweepBlock) throws -> [[OptionValue]] {
    guard let count = block.trials else {
      let choices = block.vary.map { key -> [OptionValue] in
        if case .choice(let values) = key.distribution { return values }
        return []
      }
      var size = 1
      for values in choices {
        size *= values.count
        guard size <= Self.maximumGrid else {
          throw SpecYAML.error(
            block.path.isEmpty ? "vary" : block.path,
            "the grid has more than \(Self.maximumGrid) trials; sample it with trials instead")
        }
      }
      var grid: [[OptionValue]] = [[]]
      for values in choices {
        grid = grid.flatMap { prefix in values.map { prefix + [$0] } }
      }
      return grid
    }
    var generator = SeededGenerator(
      seed: UInt64(bitPattern: Int64(samplerSeed)), stream: block.index)
    return (0..<count).map { _ in
      block.vary.map { $0.distribution.sample(using: &generator) }
    }
  }
}
