#if canImport(Glibc)
  import CMalloc
#endif

/// glibc's allocator settings for programs that allocate and free many large matrices.
public enum AllocatorTuning {
  /// Serves blocks up to 32 MiB from the heap and keeps up to 512 MiB of freed heap memory
  /// (per allocator arena) instead of returning it to the system.
  ///
  /// By default glibc maps blocks of 128 KiB and more (a 512 x 64 gate matrix already)
  /// fresh from the kernel and unmaps them when freed, so every training step pays page
  /// faults and zero-filling for its temporaries: about a tenth of CharRNN's training time
  /// was spent there. Call once at the start of a program, before other threads run.
  public static func reuseFreedMemory() {
    #if canImport(Glibc)
      // 32 MiB is the largest threshold every 64-bit glibc accepts. If it is refused, the
      // trim setting is skipped too: alone it would freeze glibc's adaptive threshold.
      guard mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 else { return }
      _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
    #endif
  }
}
