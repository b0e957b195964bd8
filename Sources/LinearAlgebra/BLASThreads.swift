import CLAPACK

/// Control of OpenBLAS's own thread pool.
///
/// On small machines OpenBLAS's threads compete with LyapunovKit's batch-level parallelism
/// (one trajectory per core); the estimator runs BLAS single-threaded while it spreads the
/// batch over cores.
public enum BLASThreads {
  /// The number of threads OpenBLAS uses for one call.
  public static var count: Int {
    get { Int(openblas_get_num_threads()) }
    set { openblas_set_num_threads(Int32(max(1, newValue))) }
  }
}
