// The instruction-set level the kernels run at, chosen once when the library loads.

#include "levels.h"

static int widest_level = 0;

__attribute__((constructor)) static void choose_level(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) {
    widest_level = 2;
  } else if (__builtin_cpu_supports("avx2")) {
    widest_level = 1;
  }
#endif
}

int lk_activation_level(void) { return widest_level; }

int lk_runnable_level(int level) {
  return level < 0 ? 0 : (level > widest_level ? widest_level : level);
}
