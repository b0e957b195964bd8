/// Result slots filled concurrently, worker i writing only slot i (for
/// `DispatchQueue.concurrentPerform`): the pointer is shared, the writes are disjoint.
public struct DisjointSlots<T>: @unchecked Sendable {
  public let base: UnsafeMutablePointer<T>

  public init(base: UnsafeMutablePointer<T>) {
    self.base = base
  }
}
