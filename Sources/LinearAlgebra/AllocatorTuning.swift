#if canImport(Glibc)
  import CMalloc
#endif

/// glibc's allocator settings for programs that allocate and free many large matrices.
public enum AllocatorTuning {
  /// Serves blocks up to 64 MiB from the heap and keeps up to 512 MiB of freed heap memory
  /// instead of returning it to the system.
  ///
  /// By default glibc maps blocks of 128 KiB and more (a 512 x 64 gate matrix already)
  /// fresh from the kernel and unmaps them when freed, so every training step pays page
  /// faults and zero-filling for its temporaries: about a tenth of CharRNN's training time
  /// was spent there. Call once at the start of a program, before other threads run.
  public static func reuseFreedMemory() {
    #if canImport(Glibc)
      _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
      _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
    #endif
  }
}
