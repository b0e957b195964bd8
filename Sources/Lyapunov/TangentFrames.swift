import LinearAlgebra

/// The tangent frames of one chunk of trajectories, advanced through a ``TangentMap`` and
/// re-orthonormalized by Householder QR.
///
/// Two ways, one result (to rounding): in general the map applies each Jacobian to its
/// frame (`Q <- J Q`) and the QR forms the new orthonormal frame explicitly. For maps that
/// form their Jacobians anyway (``TangentMap/formsJacobians``) and for k >= n / 3 exponents,
/// the frame is kept as the QR's Householder reflectors and the next step forms `J Q` by
/// applying them to J from the right (QRWorkspace+Reflectors), which saves forming Q and the
/// GEMM: about `4/3 n^3 + 2 n^3` flops per step at k = n instead of `4/3 + 4/3 + 2` n^3. Q is
/// formed only where a record asks for it.
final class TangentFrames<Scalar: BLASScalar> {
  let n: Int
  let k: Int
  let count: Int
  /// Whether the frames are kept as reflectors between a QR and the next step.
  let keepsReflectors: Bool
  /// `n x (count * k)`: block c is trajectory c's frame, or its QR factorization (R above,
  /// reflectors below the diagonal) right after a QR when ``keepsReflectors``.
  var blocks: Matrix<Scalar>
  private var factored = false
  // Buffers owned by this object, allocated once: reflector scalars and column signs per
  // block, the step's Jacobians, and one n x k scratch block.
  private let tau: UnsafeMutablePointer<Scalar>
  private let signs: UnsafeMutablePointer<Scalar>
  private let jacobians: UnsafeMutablePointer<Scalar>
  private let scratch: UnsafeMutablePointer<Scalar>
  private let workspace: QRWorkspace<Scalar>

  init(frame: Matrix<Scalar>, count: Int, keepsReflectors: Bool) throws {
    n = frame.rows
    k = frame.columns
    self.count = count
    self.keepsReflectors = keepsReflectors
    blocks = Matrix(rows: n, columns: count * k)
    for c in 0..<count {
      blocks.storage.replaceSubrange((c * n * k)..<((c + 1) * n * k), with: frame.storage)
    }
    workspace = try QRWorkspace(rows: n, columns: k)
    func buffer(_ size: Int, _ value: Scalar) -> UnsafeMutablePointer<Scalar> {
      let p = UnsafeMutablePointer<Scalar>.allocate(capacity: max(size, 1))
      p.initialize(repeating: value, count: max(size, 1))
      return p
    }
    tau = buffer(keepsReflectors ? count * k : 0, 0)
    signs = buffer(keepsReflectors ? count * k : 0, 1)
    jacobians = buffer(keepsReflectors ? count * n * n : 0, 0)
    scratch = buffer(n * k, 0)
  }

  deinit {
    for p in [tau, signs, jacobians, scratch] { p.deallocate() }
  }

  /// Advances the states of `trajectories` and their frames by one step of `map`.
  func advance<M: TangentMap>(
    _ map: M, states: inout Matrix<Scalar>, step: Int, trajectories: Range<Int>
  ) throws where M.Scalar == Scalar {
    guard keepsReflectors else {
      try map.advance(states: &states, tangents: &blocks, step: step, trajectories: trajectories)
      return
    }
    let (n, k) = (self.n, self.k)
    try map.advance(states: &states, jacobians: jacobians, step: step, trajectories: trajectories)
    try blocks.storage.withUnsafeMutableBufferPointer { b in
      for c in 0..<count {
        let jacobian = jacobians + c * n * n
        let block = b.baseAddress! + c * n * k
        if factored {
          try workspace.multiplyByKept(
            jacobian, reflectors: block, tau: tau + c * k, signs: signs + c * k, into: block, ldp: n
          )
        } else {
          Scalar.gemm(
            transA: false, transB: false, m: n, n: k, k: n, alpha: 1, a: jacobian, lda: n,
            b: block, ldb: n, beta: 0, c: scratch, ldc: n)
          block.update(from: scratch, count: n * k)
        }
      }
    }
    factored = false
  }

  /// Re-orthonormalizes frame `c`; `rDiagonal` receives the diagonal of its positive R.
  func orthonormalize(_ c: Int, rDiagonal: inout [Scalar]) throws {
    try blocks.storage.withUnsafeMutableBufferPointer { b in
      let block = b.baseAddress! + c * n * k
      if keepsReflectors {
        try workspace.factorKeepingReflectors(
          block, tau: tau + c * k, rDiagonal: &rDiagonal, signs: signs + c * k)
        factored = true
      } else {
        try workspace.orthonormalize(block, rDiagonal: &rDiagonal)
      }
    }
  }

  /// Frame `c` as an explicit orthonormal `n x k` matrix, column-major (for records).
  func frame(_ c: Int) throws -> [Double] {
    let range = (c * n * k)..<((c + 1) * n * k)
    guard factored else { return blocks.storage[range].map(Double.init) }
    try blocks.storage.withUnsafeBufferPointer { b in
      try workspace.formKept(
        b.baseAddress! + c * n * k, tau: tau + c * k, signs: signs + c * k, into: scratch)
    }
    return UnsafeBufferPointer(start: scratch, count: n * k).map(Double.init)
  }
}
