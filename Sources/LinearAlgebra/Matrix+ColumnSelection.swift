extension Matrix {
  /// The columns `indices` of this matrix, in that order.
  public func selectingColumns(_ indices: [Int]) -> Matrix {
    var out = Matrix(rows: rows, columns: indices.count)
    for (j, c) in indices.enumerated() {
      out.storage.replaceSubrange(
        (j * rows)..<((j + 1) * rows), with: storage[(c * rows)..<((c + 1) * rows)])
    }
    return out
  }
}
