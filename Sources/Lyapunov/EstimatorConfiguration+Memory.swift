import LinearAlgebra

/// The memory a run of the estimator holds, checked before anything is allocated.
extension EstimatorConfiguration {
  /// The number of accumulation steps that end with a QR (the length of the R and FTLE
  /// records), without listing them.
  public var qrStepCount: Int {
    steps / qrInterval + (steps % qrInterval == 0 ? 0 : 1)
  }

  /// Throws ``InsufficientMemoryError`` when the run on a system of dimension `n` with `k`
  /// exponents would need more memory than is available.
  ///
  /// Per trajectory: the state, the n x k frame and its image, R and the sums (8-byte
  /// scalars), `3nk + k^2 + 4n + 2k` values; per QR step and trajectory each requested
  /// record keeps k values (plus an array header of 40 bytes), held twice while written; each
  /// kept Q frame n x k values, also held twice; per thread an n x n Jacobian. The setting
  /// that contributes most is named.
  public func checkMemory(dimension n: Int, exponents k: Int) throws {
    let b = Double(batch)
    let (nd, kd) = (Double(n), Double(k))
    let working = b * (3 * nd * kd + kd * kd + 4 * nd + 2 * kd) * 8 + Double(threads) * nd * nd * 8
    let recordKinds = Double((recordR ? 1 : 0) + (recordFTLE ? 1 : 0))
    let records = recordKinds * Double(qrStepCount) * b * (8 * kd + 40) * 2
    let frames = Double(qSteps.count) * b * (8 * nd * kd + 40) * 2
    let total = working + records + frames
    let (name, value, what): (String, String, String) =
      if records >= max(working, frames) {
        (
          "steps", "\(steps)",
          "the R/FTLE records of \(qrStepCount) QR steps x \(batch) trajectories x \(k) exponents"
        )
      } else if frames >= working {
        (
          "q-steps", "(\(qSteps.count) steps)",
          "\(qSteps.count) Q frames of \(batch) trajectories x \(n) x \(k)"
        )
      } else {
        ("batch", "\(batch)", "the states and \(n) x \(k) tangent frames of \(batch) trajectories")
      }
    try MemoryBudget.check(bytes: total, name: name, value: value, what: what)
  }
}
