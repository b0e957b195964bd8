import LinearAlgebra
import Lyapunov

/// A trained FORCE network with learning off, as a ``TangentMap``: the autonomous map
///
///     F(x) = (1 - h) x + h (g J + w_f w) tanh(x)
///
/// with Jacobian `J_t = (1 - h) I + h (g J + w_f w) diag(1 - tanh(x)^2)`. The Jacobian is
/// applied without forming it or the outer product `w_f w`:
/// `J_t Q = (1 - h) Q + h g J S + h w_f (w S)` with `S = diag(1 - tanh(x)^2) Q`. Since `g J`
/// is shared by every trajectory, the product for the whole chunk is one GEMM over all
/// tangent columns, and the rank-D feedback term two thin ones.
///
/// For the estimator's reflector frames (``formsJacobians``) the Jacobian is also written
/// out densely, from `g J + w_f w` formed once: O(N^2) per trajectory and step beside the
/// O(N^3) frame update.
///
/// Trajectory b starts from `starts[b]`. Scratch buffers are allocated once per map (sized
/// for every start), so a step allocates nothing; trajectories are disjoint slices of them,
/// which keeps disjoint trajectory ranges safe on separate threads. Two runs of one map value
/// must not overlap in time.
public struct ForceClosedLoopMap<Scalar: BLASScalar>: TangentMap {
  /// `g J`, `N x N`.
  public let recurrent: Matrix<Scalar>
  /// `w_f`, `N x D`.
  public let feedback: Matrix<Scalar>
  /// `w`, `D x N`.
  public let readout: Matrix<Scalar>
  /// The Euler step h.
  public let step: Scalar
  /// The initial state of each trajectory.
  public let starts: [[Scalar]]
  /// `g J + w_f w`, `N x N`, for the dense Jacobians.
  let coupling: Matrix<Scalar>
  let scratch: Scratch

  /// - Precondition: at least one start, each of `network.size` values.
  public init(network: ForceNetwork<Scalar>, starts: [[Scalar]]) {
    precondition(!starts.isEmpty && starts.allSatisfy { $0.count == network.size })
    recurrent = network.scaledConnectivity
    feedback = network.feedback
    readout = network.readout
    step = network.step
    self.starts = starts
    var c = recurrent
    multiply(network.feedback, network.readout, into: &c, beta: 1)
    coupling = c
    scratch = Scratch(size: network.size, outputs: network.outputs, batch: starts.count)
  }

  public var dimension: Int { recurrent.rows }
  public var timeStep: Double { 1 }

  public func initialState(trajectory: Int) -> [Scalar] { starts[trajectory] }

  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func advance(
    states: inout Matrix<Scalar>, tangents: inout Matrix<Scalar>, step t: Int,
    trajectories: Range<Int>
  ) throws {
    precondition(trajectories.upperBound <= starts.count, "trajectory beyond the starts")
    let n = dimension
    let d = readout.rows
    let h = step
    let count = trajectories.count
    let k = tangents.columns / max(1, count)
    let lo = trajectories.lowerBound
    let activations = scratch.activations + lo * n
    recurrent.storage.withUnsafeBufferPointer { mBuffer in
      feedback.storage.withUnsafeBufferPointer { wfBuffer in
        readout.storage.withUnsafeBufferPointer { wBuffer in
          let m = mBuffer.baseAddress!
          let wf = wfBuffer.baseAddress!
          let w = wBuffer.baseAddress!
          states.storage.withUnsafeMutableBufferPointer { xBuffer in
            let x = xBuffer.baseAddress!
            activations.update(from: x, count: n * count)
            Scalar.applyTanh(UnsafeMutableBufferPointer(start: activations, count: n * count))
            if k > 0 {
              let scaled = scratch.scaled + lo * n * k
              let projected = scratch.projected + lo * d * k
              tangents.storage.withUnsafeMutableBufferPointer { qBuffer in
                let q = qBuffer.baseAddress!
                for c in 0..<count {
                  let a = activations + c * n
                  for j in 0..<k {
                    let column = (c * k + j) * n
                    for i in 0..<n { scaled[column + i] = (1 - a[i] * a[i]) * q[column + i] }
                  }
                }
                let columns = count * k
                Scalar.gemm(
                  transA: false, transB: false, m: n, n: columns, k: n, alpha: h, a: m, lda: n,
                  b: scaled, ldb: n, beta: 1 - h, c: q, ldc: n)
                Scalar.gemm(
                  transA: false, transB: false, m: d, n: columns, k: n, alpha: 1, a: w, lda: d,
                  b: scaled, ldb: n, beta: 0, c: projected, ldc: d)
                Scalar.gemm(
                  transA: false, transB: false, m: n, n: columns, k: d, alpha: h, a: wf, lda: n,
                  b: projected, ldb: d, beta: 1, c: q, ldc: n)
              }
            }
            stepStates(x, activations: activations, count: count, lo: lo)
          }
        }
      }
    }
  }

  /// The estimator may keep its frames as reflectors: the dense Jacobian is cheap here.
  public var formsJacobians: Bool { true }

  /// Advances the trajectories and writes each one's dense Jacobian
  /// `(1 - h) I + h (g J + w_f w) diag(1 - tanh(x)^2)` to `jacobians + c N^2`.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func advance(
    states: inout Matrix<Scalar>, jacobians: UnsafeMutablePointer<Scalar>, step t: Int,
    trajectories: Range<Int>
  ) throws {
    precondition(trajectories.upperBound <= starts.count, "trajectory beyond the starts")
    let n = dimension
    let h = step
    let count = trajectories.count
    let lo = trajectories.lowerBound
    let activations = scratch.activations + lo * n
    states.storage.withUnsafeMutableBufferPointer { xBuffer in
      let x = xBuffer.baseAddress!
      activations.update(from: x, count: n * count)
      Scalar.applyTanh(UnsafeMutableBufferPointer(start: activations, count: n * count))
      coupling.storage.withUnsafeBufferPointer { cBuffer in
        let coupled = cBuffer.baseAddress!
        for c in 0..<count {
          let a = activations + c * n
          let jac = jacobians + c * n * n
          for j in 0..<n {
            let scale = h * (1 - a[j] * a[j])
            let column = jac + j * n
            let source = coupled + j * n
            for i in 0..<n { column[i] = scale * source[i] }
            column[j] += 1 - h
          }
        }
      }
      stepStates(x, activations: activations, count: count, lo: lo)
    }
  }

  /// `X <- (1 - h) X + h g J tanh(X) + h w_f (w tanh(X))` for `count` trajectories from
  /// `lo`, with `tanh(X)` already in `activations`.
  @inline(__always)
  func stepStates(
    _ x: UnsafeMutablePointer<Scalar>, activations: UnsafeMutablePointer<Scalar>, count: Int,
    lo: Int
  ) {
    let n = dimension
    let d = readout.rows
    let h = step
    let readouts = scratch.readouts + lo * d
    recurrent.storage.withUnsafeBufferPointer { m in
      readout.storage.withUnsafeBufferPointer { w in
        feedback.storage.withUnsafeBufferPointer { wf in
          Scalar.gemm(
            transA: false, transB: false, m: n, n: count, k: n, alpha: h, a: m.baseAddress!,
            lda: n, b: activations, ldb: n, beta: 1 - h, c: x, ldc: n)
          Scalar.gemm(
            transA: false, transB: false, m: d, n: count, k: n, alpha: 1, a: w.baseAddress!,
            lda: d, b: activations, ldb: n, beta: 0, c: readouts, ldc: d)
          Scalar.gemm(
            transA: false, transB: false, m: n, n: count, k: d, alpha: h, a: wf.baseAddress!,
            lda: n, b: readouts, ldb: d, beta: 1, c: x, ldc: n)
        }
      }
    }
  }

  /// Buffers for every trajectory: `tanh(x)` (`N x B`), `S` (`N x B N`), `w S` (`D x B N`)
  /// and `w tanh(x)` (`D x B`); trajectory b owns the b-th slice of each.
  final class Scratch: @unchecked Sendable {
    let activations: UnsafeMutablePointer<Scalar>
    let scaled: UnsafeMutablePointer<Scalar>
    let projected: UnsafeMutablePointer<Scalar>
    let readouts: UnsafeMutablePointer<Scalar>

    init(size n: Int, outputs d: Int, batch b: Int) {
      func buffer(_ count: Int) -> UnsafeMutablePointer<Scalar> {
        let p = UnsafeMutablePointer<Scalar>.allocate(capacity: max(1, count))
        p.initialize(repeating: 0, count: max(1, count))
        return p
      }
      activations = buffer(n * b)
      scaled = buffer(n * n * b)
      projected = buffer(d * n * b)
      readouts = buffer(d * b)
    }

    deinit {
      activations.deallocate()
      scaled.deallocate()
      projected.deallocate()
      readouts.deallocate()
    }
  }
}
