import LinearAlgebra
import Testing

@Suite struct BLASKernelsTests {
  static let avx512: Set<String> = [
    "sse3", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
  ]

  @Test func prescottFallbackOnAnAVX512ProcessorAsksForSkylakeX() {
    #expect(BLASKernels.preferredCore(current: "Prescott", flags: Self.avx512) == "SkylakeX")
    #expect(BLASKernels.preferredCore(current: "prescott", flags: Self.avx512) == "SkylakeX")
  }

  @Test func avx2WithoutAVX512AsksForHaswell() {
    #expect(
      BLASKernels.preferredCore(current: "Prescott", flags: ["sse3", "avx", "avx2", "fma"])
        == "Haswell")
    // AVX-512 without the BW/DQ/VL extensions SkylakeX kernels use (Knights Landing).
    #expect(
      BLASKernels.preferredCore(current: "Prescott", flags: ["avx2", "fma", "avx512f", "avx512cd"])
        == "Haswell")
  }

  @Test func openBLASsOwnChoiceStands() {
    #expect(BLASKernels.preferredCore(current: "SkylakeX", flags: Self.avx512) == nil)
    #expect(BLASKernels.preferredCore(current: "Haswell", flags: Self.avx512) == nil)
    #expect(BLASKernels.preferredCore(current: "Prescott", flags: ["sse3", "avx"]) == nil)
    #expect(BLASKernels.preferredCore(current: "Prescott", flags: []) == nil)
  }

  @Test func coreNameIsReported() {
    #expect(!BLASKernels.coreName.isEmpty)
  }
}
