// The instruction-set levels every kernel in this module is compiled for, and the macros
// that compile a kernel body once per level.
//
// A kernel is written once as a `static inline` body; the macros below emit an AVX-512, an
// AVX2 and a baseline x86-64 copy of it (only the baseline elsewhere), `NAME_at(level, ...)`
// that runs the copy for `level` (limited to what the processor runs, for the tests that
// compare levels) and `NAME(...)` that runs the widest copy. With contraction off and only
// correctly rounded IEEE operations in the bodies, every copy gives the same bits.
#ifndef LYAPUNOVKIT_LEVELS_H
#define LYAPUNOVKIT_LEVELS_H

/// The widest level this processor runs (0 baseline, 1 AVX2, 2 AVX-512), set at load time.
int lk_activation_level(void);

/// `level` limited to `0...lk_activation_level()`.
int lk_runnable_level(int level);

#if defined(__x86_64__)
#define LK_COPIES(ret, name, call, ...)                                                  \
  __attribute__((target("avx512f"))) static ret name##_avx512(__VA_ARGS__) { call; }  \
  __attribute__((target("avx2"))) static ret name##_avx2(__VA_ARGS__) { call; }       \
  static ret name##_baseline(__VA_ARGS__) { call; }                                   \
  static ret (*const name##_copies[3])(__VA_ARGS__) = {name##_baseline, name##_avx2,   \
                                                       name##_avx512};
#else
#define LK_COPIES(ret, name, call, ...)                     \
  static ret name##_baseline(__VA_ARGS__) { call; }       \
  static ret (*const name##_copies[1])(__VA_ARGS__) = {name##_baseline};
#endif

/// `void NAME(params)` and `void NAME_at(int level, params)` running `NAME_body(args)`.
#define LK_DISPATCH_VOID(name, args, ...)                                          \
  LK_COPIES(void, name, name##_body args, __VA_ARGS__)                             \
  void name##_at(int level, __VA_ARGS__) { name##_copies[lk_runnable_level(level)] args; } \
  void name(__VA_ARGS__) { name##_copies[lk_activation_level()] args; }

/// `double NAME(params)` and `double NAME_at(int level, params)` returning `NAME_body(args)`.
#define LK_DISPATCH_DOUBLE(name, args, ...)                                        \
  LK_COPIES(double, name, return name##_body args, __VA_ARGS__)                    \
  double name##_at(int level, __VA_ARGS__) {                                       \
    return name##_copies[lk_runnable_level(level)] args;                           \
  }                                                                                \
  double name(__VA_ARGS__) { return name##_copies[lk_activation_level()] args; }

#endif
