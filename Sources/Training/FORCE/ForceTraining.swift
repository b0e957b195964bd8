import LinearAlgebra

/// What FORCE training produced besides the trained readout.
public struct ForceTrainingResult<Scalar: BLASScalar>: Sendable {
  /// Mean absolute error of the readout before each learning step, per training epoch.
  public var trainMAE: [Double]
  /// Mean absolute error of the free-running closed loop (learning off, started from the
  /// state at the end of the epoch, on a copy) over the test periods, per epoch. The last
  /// value is the network's validation MAE.
  public var validationMAE: [Double]
  /// States drawn from the last epoch's free run, the starts of the spectrum.
  public var starts: [[Scalar]]
  /// The steps of the last free run (0-based) at which ``starts`` were taken.
  public var startSteps: [Int]
}

/// FORCE training: one continuous closed-loop run over `epochs` periods of the target with
/// recursive least squares on the readout every `learnEvery` steps, then free runs.
///
/// Step t (0-based, counted over the whole run) advances the network once,
/// `x <- (1 - h) x + h (g J r + w_f z)`, `r = tanh(x)`, `z = w r`, and compares z with target
/// sample `t mod T`; when `(t + 1) mod learnEvery == 0`, the error (taken after the state
/// update) drives one ``RecursiveLeastSquares`` update of w. The first step feeds back the
/// drawn `z0`, later steps `w r`. After each epoch a copy of the state runs `testEpochs`
/// periods with learning off and its MAE against the continuing target is recorded; the
/// last epoch's free run is the validation run.
///
/// Buffers are allocated once; a step allocates nothing.
public enum ForceTraining {
  /// Trains `network.readout` in place.
  ///
  /// - Parameters:
  ///   - seed: draws `x0`, `z0` (``ForceNetwork/initialState(seed:)``) and the steps of the
  ///     spectrum starts (stream 3).
  ///   - starts: how many states to draw (distinct steps) from the last free run.
  /// - Throws: ``ForceError/nonFinite(epoch:)`` when the state, readout or an MAE is NaN
  ///   or infinite after an epoch.
  public static func train<S: BLASScalar>(
    _ network: inout ForceNetwork<S>, target: ForceTarget, epochs: Int, testEpochs: Int,
    learnEvery: Int, regularization: S, seed: UInt64, starts: Int
  ) throws -> ForceTrainingResult<S> {
    precondition(target.outputs == network.outputs, "the target must have one row per output")
    precondition(epochs >= 1 && testEpochs >= 1 && learnEvery >= 1 && starts >= 0)
    let n = network.size
    let d = network.outputs
    let period = target.samples
    let freeSteps = testEpochs * period
    precondition(starts <= freeSteps, "more starts than free-run steps")
    let f = target.values.map { S($0) }
    let m = network.scaledConnectivity
    let wf = network.feedback
    let h = network.step
    var rls = RecursiveLeastSquares<S>(size: n, regularization: regularization)
    let initial = network.initialState(seed: seed)
    var x = initial.x
    var r = x
    r.withUnsafeMutableBufferPointer { S.applyTanh($0) }
    var z = initial.z
    var error = [S](repeating: 0, count: d)
    var free = (x: x, r: r, z: z)
    let startSteps = drawSteps(starts, from: freeSteps, seed: seed)
    var result = ForceTrainingResult<S>(
      trainMAE: [], validationMAE: [], starts: [], startSteps: startSteps)
    var w = network.readout

    for epoch in 0..<epochs {
      var trainSum = 0.0
      var freeSum = 0.0
      try w.storage.withUnsafeMutableBufferPointer { wBuffer in
        let wp = wBuffer.baseAddress!
        m.storage.withUnsafeBufferPointer { mBuffer in
          wf.storage.withUnsafeBufferPointer { wfBuffer in
            let step = Stepper(
              m: mBuffer.baseAddress!, wf: wfBuffer.baseAddress!, w: wp, n: n, d: d, h: h)
            for s in 0..<period {
              step.advance(&x, &r, &z)
              for o in 0..<d {
                error[o] = z[o] - f[s * d + o]
                trainSum += Double(abs(error[o]))
              }
              if (epoch * period + s + 1) % learnEvery == 0 {
                rls.update(readout: wp, outputs: d, regressor: r, error: error)
              }
            }
            for i in 0..<n {
              free.x[i] = x[i]
              free.r[i] = r[i]
            }
            for o in 0..<d { free.z[o] = z[o] }
            var next = 0
            for s in 0..<freeSteps {
              step.advance(&free.x, &free.r, &free.z)
              for o in 0..<d { freeSum += Double(abs(free.z[o] - f[(s % period) * d + o])) }
              if epoch == epochs - 1, next < startSteps.count, startSteps[next] == s {
                result.starts.append(free.x)
                next += 1
              }
            }
          }
        }
        guard x.allSatisfy(\.isFinite), wBuffer.allSatisfy(\.isFinite) else {
          throw ForceError.nonFinite(epoch: epoch)
        }
      }
      result.trainMAE.append(trainSum / Double(period * d))
      result.validationMAE.append(freeSum / Double(freeSteps * d))
      guard result.trainMAE[epoch].isFinite, result.validationMAE[epoch].isFinite else {
        throw ForceError.nonFinite(epoch: epoch)
      }
    }
    network.readout = w
    return result
  }

  /// `count` distinct steps in `0..<total`, ascending, drawn from stream 3 of `seed`
  /// (a partial Fisher-Yates shuffle).
  static func drawSteps(_ count: Int, from total: Int, seed: UInt64) -> [Int] {
    var generator = SeededGenerator(seed: seed, stream: 3)
    var pool = Array(0..<total)
    for i in 0..<count {
      pool.swapAt(i, i + Int(generator.next(below: UInt64(total - i))))
    }
    return pool.prefix(count).sorted()
  }
}

/// One Euler step of a single FORCE trajectory, in place, through level-2 BLAS.
struct Stepper<S: BLASScalar> {
  let m: UnsafePointer<S>
  let wf: UnsafePointer<S>
  let w: UnsafePointer<S>
  let n: Int
  let d: Int
  let h: S

  /// `x <- (1 - h) x + h (M r + w_f z)`, then `r = tanh(x)`, `z = w r`.
  @inline(__always)
  func advance(_ x: inout [S], _ r: inout [S], _ z: inout [S]) {
    x.withUnsafeMutableBufferPointer { xb in
      r.withUnsafeMutableBufferPointer { rb in
        z.withUnsafeMutableBufferPointer { zb in
          let xp = xb.baseAddress!
          let rp = rb.baseAddress!
          let zp = zb.baseAddress!
          S.gemv(transA: false, m: n, n: n, alpha: h, a: m, lda: n, x: rp, beta: 1 - h, y: xp)
          S.gemv(transA: false, m: n, n: d, alpha: h, a: wf, lda: n, x: zp, beta: 1, y: xp)
          rp.update(from: xp, count: n)
          S.applyTanh(rb)
          S.gemv(transA: false, m: d, n: n, alpha: 1, a: w, lda: d, x: rp, beta: 0, y: zp)
        }
      }
    }
  }
}
