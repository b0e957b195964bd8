import Foundation

/// How much memory this process may hold, and the check made before large allocations so
/// that an impossible request is refused with its size instead of aborting in the allocator.
///
/// The budget is the smaller of the control group's limit (cgroup v2 `memory.max`, or v1
/// `memory.limit_in_bytes`) and the machine's physical memory.
public enum MemoryBudget {
  /// The bytes available to the process.
  public static var available: Int {
    let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
    let limits = [
      "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes",
    ].compactMap { path -> Int? in
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
      return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))  // "max": no limit
    }
    return ([physical] + limits).filter { $0 > 0 }.min() ?? physical
  }

  /// Throws when `bytes` exceed ``available``.
  ///
  /// - Parameters:
  ///   - name, value: the setting that makes the request large, as the error names it.
  ///   - what: what the memory would hold, for the message.
  public static func check(bytes: Double, name: String, value: String, what: String) throws {
    let available = available
    guard bytes <= Double(available) else {
      throw InsufficientMemoryError(
        name: name, value: value, bytes: bytes, available: available, what: what)
    }
  }
}

/// A request that would need more memory than ``MemoryBudget/available``.
public struct InsufficientMemoryError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The setting that makes the request large (`batch`, `hidden-size`, `steps`, ...).
  public var name: String
  public var value: String
  /// The bytes the request needs (estimated before allocating anything).
  public var bytes: Double
  public var available: Int
  /// What the memory would hold.
  public var what: String

  public var description: String {
    "\(name) \(value) needs about \(Self.format(bytes)) of memory for \(what), but "
      + "\(Self.format(Double(available))) are available (the cgroup limit or physical "
      + "memory); use a smaller value"
  }

  /// `bytes` in binary units with three significant digits: `1.5 GiB`.
  public static func format(_ bytes: Double) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var value = bytes
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    return unit == 0 ? "\(Int(value)) bytes" : String(format: "%.3g %@", value, units[unit])
  }
}
