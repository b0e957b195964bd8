import CLAPACK
import Foundation

/// Which of OpenBLAS's kernel families runs the BLAS calls.
///
/// OpenBLAS picks kernels for the processor when the library loads. Debian 12's OpenBLAS
/// (0.3.21) predates Sapphire Rapids and other recent processors and falls back to its
/// SSE3 "Prescott" kernels on them, which run GEMM about 4x slower than its AVX-512
/// ("SkylakeX") kernels on the same machine. The choice can only be changed through the
/// `OPENBLAS_CORETYPE` environment variable before the library loads, so the `lyap` tool
/// re-executes itself once with that variable set (``useNativeKernels()``).
public enum BLASKernels {
  /// The kernel family OpenBLAS selected (e.g. "SkylakeX", "Haswell", "Prescott").
  public static var coreName: String { String(cString: openblas_get_corename()) }

  /// The faster kernel family to request when OpenBLAS fell back to `current` on a
  /// processor with the instruction-set `flags` of /proc/cpuinfo: "SkylakeX" with AVX-512
  /// (F, CD, BW, DQ, VL), "Haswell" with AVX2 and FMA; nil when OpenBLAS's own choice
  /// stands (it recognized the processor, or the processor has neither).
  public static func preferredCore(current: String, flags: Set<String>) -> String? {
    guard current.lowercased() == "prescott" else { return nil }
    if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) {
      return "SkylakeX"
    }
    if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
    return nil
  }

  /// The instruction-set flags of the first processor in /proc/cpuinfo (empty elsewhere).
  static func processorFlags() -> Set<String> {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
      let colon = line.firstIndex(of: ":")
    else { return [] }
    return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
  }

  /// Re-executes the running program with `OPENBLAS_CORETYPE` set to ``preferredCore(current:flags:)``
  /// when there is one. Does nothing when `OPENBLAS_CORETYPE` is already set (by the user,
  /// or by this function in the re-executed process), so the user's choice always wins
  /// and the program runs at most twice. If the re-execution fails, the program simply
  /// goes on with the kernels it has.
  public static func useNativeKernels() {
    guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
      let core = preferredCore(current: coreName, flags: processorFlags())
    else { return }
    guard setenv("OPENBLAS_CORETYPE", core, 1) == 0 else { return }
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    unsetenv("OPENBLAS_CORETYPE")
  }
}
