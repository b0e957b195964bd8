// Float tanh and logistic sigmoid, and a Double tanh, over a buffer, in place: the nonlinearities every
// recurrent cell applies to whole gate blocks (see activations.c).
#ifndef LYAPUNOVKIT_CACTIVATIONS_H
#define LYAPUNOVKIT_CACTIVATIONS_H

#include <stddef.h>

/// `values[i] = tanh(values[i])` for `i < count`.
void lk_tanh_f32(float *values, size_t count);

/// `values[i] = 1 / (1 + exp(-values[i]))` for `i < count`.
void lk_sigmoid_f32(float *values, size_t count);

/// `values[i] = tanh(values[i])` in Double for `i < count`, within 4 ulp of the exact value.
void lk_tanh_f64(double *values, size_t count);

/// The instruction-set level the two functions above use on this processor: 0 baseline
/// x86-64 (or another architecture), 1 AVX2, 2 AVX-512.
int lk_activation_level(void);

/// The kernels at `level` (limited to `lk_activation_level()`), for tests that compare levels.
void lk_tanh_f32_at(int level, float *values, size_t count);
void lk_sigmoid_f32_at(int level, float *values, size_t count);
void lk_tanh_f64_at(int level, double *values, size_t count);

#endif
