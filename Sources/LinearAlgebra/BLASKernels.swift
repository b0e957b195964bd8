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
///
/// The switch is made only on Intel processors, whose SkylakeX and Haswell kernels this
/// OpenBLAS was written for; on other vendors' processors (recent AMD among them) some of
/// its kernels compute wrong results or crash, so OpenBLAS's own choice, or the
/// environment's, stands there. The re-executed process also checks the kernels it got
/// (``kernelsAgreeWithReference()``) and goes back to OpenBLAS's own choice if they fail.
public enum BLASKernels {
  /// The kernel family OpenBLAS selected (e.g. "SkylakeX", "Haswell", "Prescott").
  public static var coreName: String { String(cString: openblas_get_corename()) }

  /// Set in the environment of the re-executed process: the kernel family was chosen by
  /// ``useNativeKernels()``, not by the user, and is to be verified.
  static let switchedMarker = "LYAP_SWITCHED_OPENBLAS_CORETYPE"
  /// Set when a switched kernel failed verification, so that no further switch is tried.
  static let refusedMarker = "LYAP_REFUSED_OPENBLAS_CORETYPE"

  /// The faster kernel family to request when OpenBLAS fell back to `current` on a
  /// processor from `vendor` (the `vendor_id` of /proc/cpuinfo) with the instruction-set
  /// `flags`: "SkylakeX" with AVX-512 (F, CD, BW, DQ, VL), "Haswell" with AVX2 and FMA;
  /// nil when OpenBLAS's own choice stands (it recognized the processor, the processor is
  /// not Intel's, or it has neither extension).
  public static func preferredCore(current: String, flags: Set<String>, vendor: String)
    -> String?
  {
    guard current.lowercased() == "prescott", vendor == "GenuineIntel" else { return nil }
    if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) {
      return "SkylakeX"
    }
    if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
    return nil
  }

  /// The value of `field` for the first processor in /proc/cpuinfo (nil elsewhere).
  static func processorField(_ field: String) -> String? {
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: {
        $0.hasPrefix(field)
          && $0.dropFirst(field.count).first.map { $0 == " " || $0 == "\t" } == true
      }),
      let colon = line.firstIndex(of: ":")
    else { return nil }
    return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
  }

  /// The instruction-set flags of the first processor (empty when unknown).
  static func processorFlags() -> Set<String> {
    Set((processorField("flags") ?? "").split(separator: " ").map(String.init))
  }

  /// True when single- and double-precision GEMM and a Householder QR on the current
  /// kernels agree with plain loops on small, odd-sized matrices (sizes that exercise the
  /// kernels' edge handling): `|C - A B| <= 1e-4 (Float) / 1e-12 (Double)` relative to
  /// `|A| |B|`, and `Q^T Q = I`, `Q R = A` to the same accuracy.
  public static func kernelsAgreeWithReference() -> Bool {
    check(Float.self, tolerance: 1e-4) && check(Double.self, tolerance: 1e-12)
  }

  static func check<S: BLASScalar>(_: S.Type, tolerance: Double) -> Bool {
    var generator = SeededGenerator(seed: 20_261_204)
    for (m, k, n) in [(37, 23, 19), (5, 64, 130), (67, 67, 67)] {
      let a = Matrix<S>.randomNormal(rows: m, columns: k, using: &generator)
      let b = Matrix<S>.randomNormal(rows: k, columns: n, using: &generator)
      var c = Matrix<S>(rows: m, columns: n)
      multiply(a, b, into: &c)
      for j in 0..<n {
        for i in 0..<m {
          var exact = 0.0
          var scale = 0.0
          for p in 0..<k {
            exact += Double(a[i, p]) * Double(b[p, j])
            scale += abs(Double(a[i, p]) * Double(b[p, j]))
          }
          guard abs(Double(c[i, j]) - exact) <= tolerance * max(scale, 1) else { return false }
        }
      }
    }
    let a = Matrix<S>.randomNormal(rows: 41, columns: 29, using: &generator)
    guard let (q, r) = try? QRWorkspace<S>(rows: 41, columns: 29).factor(a) else { return false }
    for j in 0..<29 {
      for i in 0..<41 {
        var product = 0.0
        for p in 0...j { product += Double(q[i, p]) * Double(r[p, j]) }
        guard abs(product - Double(a[i, j])) <= tolerance * 41 else { return false }
      }
      for i in 0..<29 {
        var dot = 0.0
        for p in 0..<41 { dot += Double(q[p, i]) * Double(q[p, j]) }
        guard abs(dot - (i == j ? 1 : 0)) <= tolerance * 41 else { return false }
      }
    }
    return true
  }

  /// Re-executes the running program with `OPENBLAS_CORETYPE` set to
  /// ``preferredCore(current:flags:vendor:)`` when there is one. Does nothing when
  /// `OPENBLAS_CORETYPE` is already set by the user, so the user's choice always wins. In
  /// the re-executed process, verifies the kernels and, if they disagree with the
  /// reference, re-executes once more with OpenBLAS's own choice (and a note on stderr). The
  /// program runs at most three times; if a re-execution fails, it goes on with the kernels
  /// it has.
  public static func useNativeKernels() {
    let environment = ProcessInfo.processInfo.environment
    if let switched = environment[switchedMarker] {
      unsetenv(switchedMarker)
      guard !kernelsAgreeWithReference() else { return }
      FileHandle.standardError.write(
        Data(
          "note: OpenBLAS's \(switched) kernels disagree with a reference GEMM/QR on this processor; using OpenBLAS's own choice\n"
            .utf8))
      unsetenv("OPENBLAS_CORETYPE")
      setenv(refusedMarker, switched, 1)
      execv("/proc/self/exe", CommandLine.unsafeArgv)
      return
    }
    guard environment["OPENBLAS_CORETYPE"] == nil, environment[refusedMarker] == nil,
      let core = preferredCore(
        current: coreName, flags: processorFlags(), vendor: processorField("vendor_id") ?? "")
    else { return }
    guard setenv("OPENBLAS_CORETYPE", core, 1) == 0, setenv(switchedMarker, core, 1) == 0
    else { return }
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    unsetenv("OPENBLAS_CORETYPE")
    unsetenv(switchedMarker)
  }
}
