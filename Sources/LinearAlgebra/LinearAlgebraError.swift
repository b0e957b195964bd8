/// A failure reported by LAPACK, thrown instead of trapping.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
  /// LAPACK returned a non-zero `info` code.
  case lapack(routine: String, info: Int32)
  /// The matrix is singular where a non-singular one is required (e.g. `log|det|`).
  case singular(routine: String, pivot: Int)
  /// The input holds NaN or infinity.
  case nonFinite(routine: String)

  public var description: String {
    switch self {
    case .lapack(let routine, let info) where info < 0:
      return
        "LAPACK \(routine) rejected argument \(-info) (info = \(info)); this is a bug in LyapunovKit, please report it"
    case .lapack(let routine, let info):
      return
        "LAPACK \(routine) did not converge (info = \(info)); check the matrix for extreme values"
    case .singular(let routine, let pivot):
      return
        "\(routine): the matrix is singular (zero pivot at position \(pivot)); log|det| is -infinity"
    case .nonFinite(let routine):
      return "\(routine): the matrix contains NaN or infinity"
    }
  }
}

/// Helpers shared by the LAPACK wrappers.
enum LAPACK {
  /// Throws ``LinearAlgebraError/lapack(routine:info:)`` for a non-zero `info`.
  static func check(_ info: Int32, _ routine: String) throws {
    if info != 0 { throw LinearAlgebraError.lapack(routine: routine, info: info) }
  }

  /// The optimal workspace size LAPACK reports in `work[0]` after a query (`lwork = -1`).
  static func workspaceSize<S: BLASScalar>(_ value: S) -> Int {
    Swift.max(1, Int(value.rounded(.up)))
  }
}
