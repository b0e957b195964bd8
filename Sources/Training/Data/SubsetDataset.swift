import LinearAlgebra

/// A seeded random share of another dataset's training and validation sequences (the test
/// split is kept whole), in their original order.
///
/// The thesis's CharRNN population trains each network on its own random 30% of the
/// training and of the validation windows, so networks of one sweep see different data.
/// Keeping the chosen windows in text order means stateful (carried-state) training still
/// reads them front to back; the state then carries across the gaps between chosen windows.
public struct SubsetDataset: SequenceDataset {
  public let base: any SequenceDataset
  /// The chosen sequence indices of the base dataset, per split, ascending.
  public let chosen: [DataSplit: [Int]]

  public var inputSize: Int { base.inputSize }
  public var outputSize: Int { base.outputSize }
  public var targetKind: TargetKind { base.targetKind }

  /// Chooses `round(fraction * count)` sequences (at least one where any exist) of the
  /// training and validation splits, each split by its own draw from `seed`.
  ///
  /// - Throws: ``DataError/invalidOption(name:value:hint:)`` unless `0 < fraction <= 1`.
  public init(_ base: any SequenceDataset, fraction: Double, seed: UInt64) throws {
    guard fraction > 0 && fraction <= 1 else {
      throw DataError.invalidOption(
        name: "subset fraction", value: "\(fraction)",
        hint: "use a share of the windows in (0, 1], e.g. 0.3")
    }
    self.base = base
    var chosen: [DataSplit: [Int]] = [:]
    for (stream, split) in [DataSplit.train, .validation].enumerated() {
      let count = base.count(split)
      let keep = count == 0 ? 0 : max(1, Int((fraction * Double(count)).rounded()))
      var order = Array(0..<count)
      var generator = SeededGenerator(seed: seed, stream: 7, stream)
      order.shuffleStably(using: &generator)
      chosen[split] = order.prefix(keep).sorted()
    }
    self.chosen = chosen
  }

  public func count(_ split: DataSplit) -> Int {
    chosen[split]?.count ?? base.count(split)
  }

  public func batch<S: BLASScalar>(_ split: DataSplit, indices: [Int], as type: S.Type)
    -> SequenceBatch<S>
  {
    guard let map = chosen[split] else { return base.batch(split, indices: indices, as: type) }
    return base.batch(split, indices: indices.map { map[$0] }, as: type)
  }
}
