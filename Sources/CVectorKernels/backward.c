// The element-wise passes of a dense network's backward pass over column-major blocks
// (`rows x columns`, leading dimension `rows`): tanh's derivative and a scaled output
// error, each with the row sums a bias gradient needs, in Float or Double.
//
// Each row's sum is accumulated over the columns in order, and the squared error's total
// in eight Double lanes (element `i` of a column into lane `i mod 8`, lanes added in order
// at the end), so the result is the same on every instruction-set level (levels.h).

#include "CVectorKernels.h"
#include "levels.h"

#pragma clang fp contract(off)

#define LK_BACKWARD(tanh_name, error_name, type)                                               \
  static inline __attribute__((always_inline)) void tanh_name##_body(                          \
      type *restrict delta, const type *restrict a, size_t rows, size_t columns,               \
      type *restrict sums) {                                                                   \
    for (size_t j = 0; j < columns; j++) {                                                     \
      type *restrict d = delta + j * rows;                                                     \
      const type *restrict aj = a + j * rows;                                                  \
      for (size_t i = 0; i < rows; i++) {                                                      \
        type di = d[i] * (1 - aj[i] * aj[i]);                                                  \
        d[i] = di;                                                                             \
        sums[i] += di;                                                                         \
      }                                                                                        \
    }                                                                                          \
  }                                                                                            \
  LK_DISPATCH_VOID(tanh_name, (delta, a, rows, columns, sums), type *delta, const type *a,     \
                   size_t rows, size_t columns, type *sums)                                    \
  static inline __attribute__((always_inline)) double error_name##_body(                       \
      type *restrict y, const type *restrict x, size_t rows, size_t columns, type scale,       \
      type *restrict sums) {                                                                   \
    double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                                \
    for (size_t j = 0; j < columns; j++) {                                                     \
      type *restrict yj = y + j * rows;                                                        \
      const type *restrict xj = x + j * rows;                                                  \
      size_t i = 0;                                                                            \
      for (; i + 8 <= rows; i += 8) {                                                          \
        for (size_t l = 0; l < 8; l++) {                                                       \
          type e = yj[i + l] - xj[i + l];                                                      \
          lanes[l] += (double)(e * e);                                                         \
          yj[i + l] = scale * e;                                                               \
          sums[i + l] += yj[i + l];                                                            \
        }                                                                                      \
      }                                                                                        \
      for (; i < rows; i++) {                                                                  \
        type e = yj[i] - xj[i];                                                                \
        lanes[i % 8] += (double)(e * e);                                                       \
        yj[i] = scale * e;                                                                     \
        sums[i] += yj[i];                                                                      \
      }                                                                                        \
    }                                                                                          \
    double total = 0;                                                                          \
    for (size_t l = 0; l < 8; l++) total += lanes[l];                                          \
    return total;                                                                              \
  }                                                                                            \
  LK_DISPATCH_DOUBLE(error_name, (y, x, rows, columns, scale, sums), type *y, const type *x,   \
                     size_t rows, size_t columns, type scale, type *sums)

LK_BACKWARD(lk_tanh_backward_f32, lk_scaled_error_f32, float)
LK_BACKWARD(lk_tanh_backward_f64, lk_scaled_error_f64, double)
