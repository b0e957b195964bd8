/// Why a figure could not be made from an input, naming the offending file or value.
public struct ReportError: Error, CustomStringConvertible, Equatable {
  public let description: String

  public init(_ description: String) {
    self.description = description
  }
}
