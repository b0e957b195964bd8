import Foundation
import LinearAlgebra
import RecurrentNets

/// Reading options from JSON (a sweep trial, a stored record): every key must be an option,
/// and a value of the wrong type is an error naming the option and what it takes.
extension TrainOptions {
  private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: AnyKey.self)
    for key in c.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
      throw TrainingError.invalidOption(
        name: key.stringValue, value: "",
        hint: "no such option; the options are \(Self.names.joined(separator: ", "))")
    }
    func raw(_ key: AnyKey) -> String {
      if let s = try? c.decode(String.self, forKey: key) { return "'\(s)'" }
      if let d = try? c.decode(Double.self, forKey: key) { return "\(d)" }
      if let b = try? c.decode(Bool.self, forKey: key) { return "\(b)" }
      return "(a list or table)"
    }
    func get<T: Decodable>(_ key: CodingKeys, _ expected: String) throws -> T? {
      let k = AnyKey(stringValue: key.rawValue)
      guard c.contains(k), try !c.decodeNil(forKey: k) else { return nil }
      do {
        return try c.decode(T.self, forKey: k)
      } catch {
        throw TrainingError.invalidOption(
          name: key.rawValue, value: raw(k), hint: "expected \(expected)")
      }
    }
    func choices<E: RawRepresentable & CaseIterable>(_: E.Type) -> String
    where E.RawValue == String {
      "one of " + E.allCases.map(\.rawValue).joined(separator: ", ")
    }
    self.init()
    task = try get(.task, choices(TaskSpecification.Kind.self))
    text = try get(.text, "a file path")
    images = try get(.images, "a file path")
    labels = try get(.labels, "a file path")
    layout = try get(.layout, choices(MNISTSequenceDataset.Layout.self))
    permuteSeed = try get(.permuteSeed, "a seed (an integer of at least 0)")
    trainCount = try get(.trainCount, "an integer")
    validationCount = try get(.validationCount, "an integer")
    signal = try get(.signal, "a file path")
    signalSeed = try get(.signalSeed, "a seed (an integer of at least 0)")
    subsetFraction = try get(.subsetFraction, "a number in (0, 1]")
    arch = try get(.arch, choices(Architecture.self))
    hiddenSize = try get(.hiddenSize, "an integer")
    layers = try get(.layers, "an integer")
    initializer = try get(.initializer, "uniform:P, normal:STD, orthogonal:GAIN or xavier")
    optimizer = try get(.optimizer, choices(OptimizerKind.self))
    lr = try get(.lr, "a number")
    momentum = try get(.momentum, "a number")
    schedule = try get(.schedule, choices(LearningRateSchedule.self))
    epochs = try get(.epochs, "an integer")
    batchSize = try get(.batchSize, "an integer")
    seqLen = try get(.seqLen, "an integer")
    dropout = try get(.dropout, "a number")
    carryState = try get(.carryState, "true or false")
    clip = try get(.clip, "a number")
    loss = try get(.loss, choices(LossKind.self))
    seed = try get(.seed, "a seed (an integer of at least 0)")
    precision = try get(.precision, choices(Precision.self))
    spectrumEvery = try get(.spectrumEvery, "an integer")
    spectrumBatch = try get(.spectrumBatch, "an integer")
    spectrumSteps = try get(.spectrumSteps, "an integer")
    spectrumWarmup = try get(.spectrumWarmup, "an integer")
    spectrumExponents = try get(.spectrumExponents, "an integer")
    eps = try get(.eps, "a number")
    gamma = try get(.gamma, "a number")
    beta = try get(.beta, "a number")
    gammaA = try get(.gammaA, "a number")
    gammaW = try get(.gammaW, "a number")
    alpha = try get(.alpha, "a number")
    noiseAdditive = try get(.noiseAdditive, "a number")
    noiseMultiplicative = try get(.noiseMultiplicative, "a number")
    dt = try get(.dt, "a number")
  }
}
