import Foundation
import Training

extension TrainOptions {
  /// The options of one sweep trial, read through the same table as `lyap train`'s
  /// (an unknown option or a value of the wrong type is an error naming it).
  public init(trial options: [String: OptionValue]) throws {
    let data = try JSONEncoder().encode(options)
    self = try JSONDecoder().decode(TrainOptions.self, from: data)
  }
}
