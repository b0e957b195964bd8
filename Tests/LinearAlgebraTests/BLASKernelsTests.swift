import LinearAlgebra
import Testing

@Suite struct BLASKernelsTests {
  static let avx512: Set<String> = [
    "sse3", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
  ]
  static let intel = "GenuineIntel"

  @Test func prescottFallbackOnAnAVX512ProcessorAsksForSkylakeX() {
    #expect(
      BLASKernels.preferredCore(current: "Prescott", flags: Self.avx512, vendor: Self.intel)
        == "SkylakeX")
    #expect(
      BLASKernels.preferredCore(current: "prescott", flags: Self.avx512, vendor: Self.intel)
        == "SkylakeX")
  }

  @Test func avx2WithoutAVX512AsksForHaswell() {
    #expect(
      BLASKernels.preferredCore(
        current: "Prescott", flags: ["sse3", "avx", "avx2", "fma"], vendor: Self.intel)
        == "Haswell")
    // AVX-512 without the BW/DQ/VL extensions SkylakeX kernels use (Knights Landing).
    #expect(
      BLASKernels.preferredCore(
        current: "Prescott", flags: ["avx2", "fma", "avx512f", "avx512cd"], vendor: Self.intel)
        == "Haswell")
  }

  @Test func openBLASsOwnChoiceStands() {
    #expect(
      BLASKernels.preferredCore(current: "SkylakeX", flags: Self.avx512, vendor: Self.intel) == nil)
    #expect(
      BLASKernels.preferredCore(current: "Haswell", flags: Self.avx512, vendor: Self.intel) == nil)
    #expect(
      BLASKernels.preferredCore(current: "Prescott", flags: ["sse3", "avx"], vendor: Self.intel)
        == nil)
    #expect(BLASKernels.preferredCore(current: "Prescott", flags: [], vendor: Self.intel) == nil)
  }

  /// Debian's OpenBLAS 0.3.21 miscomputes or crashes with some kernels on recent AMD
  /// processors (where the environment pins OPENBLAS_CORETYPE): never switch there.
  @Test func noSwitchOnOtherVendorsProcessors() {
    for vendor in ["AuthenticAMD", "HygonGenuine", "CentaurHauls", ""] {
      #expect(
        BLASKernels.preferredCore(current: "Prescott", flags: Self.avx512, vendor: vendor) == nil)
    }
  }

  /// The verification the re-executed `lyap` runs: the kernels this process has agree with
  /// plain loops (whatever kernel the environment chose).
  @Test func currentKernelsPassTheVerification() {
    #expect(BLASKernels.kernelsAgreeWithReference())
  }

  @Test func coreNameIsReported() {
    #expect(!BLASKernels.coreName.isEmpty)
  }
}
