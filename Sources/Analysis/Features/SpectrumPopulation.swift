import Lyapunov

/// The final spectra and losses of a population of networks, cleaned for analysis.
///
/// Input spectra may be padded with NaN after their k exponents (networks of different
/// sizes in one array). Cleaning, in order:
/// 1. A network is dropped (and counted) when its loss is NaN or infinite
///    (``Dropped/nonFiniteLoss``), or its spectrum has no finite exponent, or a NaN or
///    +infinity among its k exponents (``Dropped/noFiniteSpectrum``).
/// 2. Exponents of -infinity (collapsed directions) are replaced by the minimum finite
///    exponent of the kept population minus 1, and counted (``replacedInfinities``).
/// 3. Only when the kept networks' k differ, every spectrum is resampled to a common length
///    by `resampling` (``SpectrumResampling``); a population of one k is used as it is.
/// ``statistics`` are those of each kept network's spectrum before steps 2 and 3.
public struct SpectrumPopulation: Sendable, Equatable {
  /// Networks dropped, by reason.
  public struct Dropped: Codable, Equatable, Sendable {
    public var nonFiniteLoss = 0
    public var noFiniteSpectrum = 0
    public var total: Int { nonFiniteLoss + noFiniteSpectrum }
  }

  /// Indices (into the input) of the kept networks, in input order.
  public var kept: [Int]
  /// The kept networks' spectra, cleaned, all of one length.
  public var spectra: [[Double]]
  /// The kept networks' losses.
  public var losses: [Double]
  /// The kept networks' exponent counts k before resampling.
  public var exponentCounts: [Int]
  /// ``SpectrumStatistics`` of each kept spectrum as measured (before cleaning).
  public var statistics: [SpectrumStatistics]
  public var dropped: Dropped
  /// How many -infinity exponents were replaced, and by what (nil when none were).
  public var replacedInfinities: Int
  public var infinityReplacement: Double?
  /// The resampling applied, nil when every k was equal.
  public var resampling: SpectrumResampling?

  /// A population from one final spectrum per network (`spectra[i]`: k_i exponents, then
  /// optional NaN padding) and `losses[i]`.
  public init(
    spectra: [[Double]], losses: [Double], resampling: SpectrumResampling = .thesis
  ) throws {
    guard spectra.count == losses.count else {
      throw SpectrumFeatureError.countMismatch(spectra: spectra.count, losses: losses.count)
    }
    dropped = Dropped()
    kept = []
    var raw: [[Double]] = []
    losses: for (i, loss) in losses.enumerated() {
      guard loss.isFinite else {
        dropped.nonFiniteLoss += 1
        continue
      }
      // The exponents: everything up to the trailing NaN padding.
      var exponents = spectra[i]
      while let last = exponents.last, last.isNaN { exponents.removeLast() }
      guard exponents.contains(where: \.isFinite),
        !exponents.contains(where: { $0.isNaN || $0 == .infinity })
      else {
        dropped.noFiniteSpectrum += 1
        continue losses
      }
      kept.append(i)
      raw.append(exponents)
    }
    self.losses = kept.map { losses[$0] }
    exponentCounts = raw.map(\.count)
    statistics = raw.map { SpectrumStatistics($0) }
    let floor = raw.joined().filter(\.isFinite).min().map { $0 - 1 }
    replacedInfinities = raw.joined().filter { $0 == -.infinity }.count
    infinityReplacement = replacedInfinities > 0 ? floor : nil
    var cleaned = raw.map { $0.map { $0 == -.infinity ? floor! : $0 } }
    if Set(exponentCounts).count > 1 {
      self.resampling = resampling
      cleaned = cleaned.map { resampling.resample($0) }
    } else {
      self.resampling = nil
    }
    self.spectra = cleaned
  }

  /// A population from spectra recorded through training: `trajectories[i][e]` is network
  /// i's spectrum after epoch e (e = 0 ... its epochs, then NaN-padded rows); the final
  /// spectrum of network i is `trajectories[i][epochs[i]]`.
  public init(
    trajectories: [[[Double]]], epochs: [Int], losses: [Double],
    resampling: SpectrumResampling = .thesis
  ) throws {
    guard trajectories.count == epochs.count else {
      throw SpectrumFeatureError.countMismatch(spectra: trajectories.count, losses: epochs.count)
    }
    var finals: [[Double]] = []
    for (i, e) in epochs.enumerated() {
      guard e >= 0, e < trajectories[i].count else {
        throw SpectrumFeatureError.epochOutOfRange(
          network: i, epoch: e, recorded: trajectories[i].count)
      }
      finals.append(trajectories[i][e])
    }
    try self.init(spectra: finals, losses: losses, resampling: resampling)
  }
}

/// Why a population of spectra could not be analysed.
public enum SpectrumFeatureError: Error, CustomStringConvertible, Equatable {
  case countMismatch(spectra: Int, losses: Int)
  case epochOutOfRange(network: Int, epoch: Int, recorded: Int)

  public var description: String {
    switch self {
    case .countMismatch(let spectra, let losses):
      "\(spectra) networks' spectra but \(losses) losses (or epochs): one per network"
    case .epochOutOfRange(let network, let epoch, let recorded):
      "network \(network) has final epoch \(epoch) but \(recorded) recorded spectra "
        + "(epochs 0 ... \(recorded - 1))"
    }
  }
}
