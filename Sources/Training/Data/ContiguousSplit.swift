/// A stream of steps (characters, signal frames) cut into contiguous train, validation and test
/// parts, each read as non-overlapping windows.
///
/// Splitting in time rather than shuffling keeps the validation and test data unseen: a
/// shuffled split of overlapping text or a chaotic trajectory would leak neighbouring windows.
/// The train part is the first `floor(total * train)` steps, validation the next
/// `floor(total * validation)`, and test the remainder. In each part, sequence `i` starts at
/// step `i * L` and reads `L + 1` steps: inputs are steps `[s, s + L)`, targets `[s + 1, s + L + 1)`.
/// Consecutive windows share one boundary step (the last target of one window is the first
/// input of the next), so a part of `m` steps holds `(m - 1) / L` sequences.
struct ContiguousSplit: Sendable, Equatable {
  /// Steps per sequence L.
  let sequenceLength: Int
  let train: Range<Int>
  let validation: Range<Int>
  let test: Range<Int>

  /// Splits `total` steps; `source` names the data in errors.
  ///
  /// - Throws: ``DataError/invalidSequenceLength(_:)``, ``DataError/invalidSplits(train:validation:)``,
  ///   or ``DataError/splitTooShort(source:split:available:needed:)`` when a part whose
  ///   fraction is positive cannot hold one sequence. A part with fraction 0 is simply empty.
  init(
    total: Int, fractions: (train: Double, validation: Double), sequenceLength: Int,
    source: String
  ) throws {
    guard sequenceLength >= 1 else { throw DataError.invalidSequenceLength(sequenceLength) }
    let (trainFraction, validationFraction) = fractions
    guard trainFraction.isFinite, validationFraction.isFinite, trainFraction >= 0,
      validationFraction >= 0, trainFraction + validationFraction <= 1 + 1e-12
    else {
      throw DataError.invalidSplits(train: trainFraction, validation: validationFraction)
    }
    // The tiny relative margin keeps e.g. 100 * 0.29 = 28.999999999999996 at 29.
    func part(_ fraction: Double) -> Int {
      min(total, Int((Double(total) * fraction * (1 + 1e-12)).rounded(.down)))
    }
    let trainEnd = part(trainFraction)
    let validationEnd = min(total, trainEnd + part(validationFraction))
    self.sequenceLength = sequenceLength
    train = 0..<trainEnd
    validation = trainEnd..<validationEnd
    test = validationEnd..<total
    let testFraction = 1 - trainFraction - validationFraction
    let wanted: [(DataSplit, Double)] = [
      (.train, trainFraction), (.validation, validationFraction), (.test, testFraction),
    ]
    for (split, fraction) in wanted where fraction > 1e-9 && count(split) == 0 {
      throw DataError.splitTooShort(
        source: source, split: split, available: range(split).count, needed: sequenceLength + 1)
    }
  }

  /// The steps of `split`.
  func range(_ split: DataSplit) -> Range<Int> {
    switch split {
    case .train: return train
    case .validation: return validation
    case .test: return test
    }
  }

  /// Full windows of `sequenceLength + 1` steps in `split`.
  func count(_ split: DataSplit) -> Int {
    let steps = range(split).count
    return steps > 0 ? (steps - 1) / sequenceLength : 0
  }

  /// The first step (in the whole stream) of sequence `index` of `split`.
  ///
  /// - Precondition: `index` is in `0..<count(split)` (a programming error otherwise).
  func start(_ split: DataSplit, sequence index: Int) -> Int {
    let available = count(split)
    precondition(
      index >= 0 && index < available,
      "sequence index \(index) is outside 0..<\(available) of the \(split.rawValue) split")
    return range(split).lowerBound + index * sequenceLength
  }
}
