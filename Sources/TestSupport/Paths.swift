import Foundation

/// Locations of test data relative to the package root.
public enum TestPaths {
  /// The package root, found from this file's location (Sources/TestSupport/Paths.swift).
  public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// `../shared` beside the package root (the team's data and reference vectors).
  public static let shared: URL = packageRoot.deletingLastPathComponent()
    .appendingPathComponent("shared")
}
