// PyTorch's Adam update (with its L2 weight decay) over flat buffers in Float or Double.
//
// The arithmetic is Double whatever the storage, in the order `Optimizer` uses, so a Float
// model trained here and one trained by the Swift loop agree bit for bit; compiled per
// instruction-set level (levels.h), where the scalar loop of divisions and square roots
// was a tenth of a small autoencoder's epoch.

#include "CVectorKernels.h"
#include "levels.h"

#pragma clang fp contract(off)

/// One element: `g` (already decayed), moments `m`, `v` and parameter `p` in Double;
/// returns the new parameter, writing the new moments.
static inline __attribute__((always_inline)) double adam_element(
    double p, double g, double *m, double *v, const lk_adam_step *s) {
  double mi = s->beta1 * *m + (1 - s->beta1) * g;
  double vi = s->beta2 * *v + (1 - s->beta2) * g * g;
  *m = mi;
  *v = vi;
  return p - s->lr * (mi / s->correction1) / (__builtin_elementwise_sqrt(vi / s->correction2) + s->epsilon);
}

#define LK_ADAM(name, type)                                                                    \
  static inline __attribute__((always_inline)) void name##_body(                               \
      type *restrict p, const type *restrict g, type *restrict m, type *restrict v, size_t n,  \
      const lk_adam_step *step) {                                                              \
    const lk_adam_step s = *step;                                                              \
    if (s.weight_decay != 0) {                                                                 \
      for (size_t i = 0; i < n; i++) {                                                         \
        double gi = (double)(type)((double)g[i] + s.weight_decay * (double)p[i]);              \
        double mi = m[i], vi = v[i];                                                           \
        double pi = adam_element(p[i], gi, &mi, &vi, &s);                                      \
        m[i] = (type)mi;                                                                       \
        v[i] = (type)vi;                                                                       \
        p[i] = (type)pi;                                                                       \
      }                                                                                        \
    } else {                                                                                   \
      for (size_t i = 0; i < n; i++) {                                                         \
        double mi = m[i], vi = v[i];                                                           \
        double pi = adam_element(p[i], g[i], &mi, &vi, &s);                                    \
        m[i] = (type)mi;                                                                       \
        v[i] = (type)vi;                                                                       \
        p[i] = (type)pi;                                                                       \
      }                                                                                        \
    }                                                                                          \
  }                                                                                            \
  LK_DISPATCH_VOID(name, (parameters, gradients, first, second, count, step),                  \
                   type *parameters, const type *gradients, type *first, type *second,         \
                   size_t count, const lk_adam_step *step)

LK_ADAM(lk_adam_f32, float)
LK_ADAM(lk_adam_f64, double)
