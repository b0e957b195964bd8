import Foundation
import Training

/// A `lyap train` task (charrnn, smnist, signal) as a sweep task: its options are those of
/// ``TrainOptions``, checked by the same rules as on the command line.
public struct TrainSweepTask: SweepTask {
  public let kind: TaskSpecification.Kind

  public init(_ kind: TaskSpecification.Kind) {
    self.kind = kind
  }

  /// The three training tasks.
  public static let all: [TrainSweepTask] = TaskSpecification.Kind.allCases.map(Self.init)

  public var name: String { kind.rawValue }
  public var optionNames: Set<String> { Set(TrainOptions.names) }
  public var pathOptions: Set<String> { TrainOptions.pathOptions }

  public func validate(_ options: [String: OptionValue], baseDirectory: URL) throws {
    try TrainOptions(trial: options).validate(relativeTo: baseDirectory)
  }
}
