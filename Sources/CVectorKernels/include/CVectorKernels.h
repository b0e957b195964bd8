// Element-wise kernels over buffers, compiled per instruction-set level (levels.h): the
// activations every recurrent cell applies to whole gate blocks (activations.c), Adam's
// update (adam.c) and a dense network's element-wise backward passes (backward.c).
#ifndef LYAPUNOVKIT_CVECTORKERNELS_H
#define LYAPUNOVKIT_CVECTORKERNELS_H

#include <stddef.h>

/// `values[i] = tanh(values[i])` for `i < count`.
void lk_tanh_f32(float *values, size_t count);

/// `values[i] = 1 / (1 + exp(-values[i]))` for `i < count`.
void lk_sigmoid_f32(float *values, size_t count);

/// `values[i] = tanh(values[i])` in Double for `i < count`, within 4 ulp of the exact value.
void lk_tanh_f64(double *values, size_t count);

/// The instruction-set level the kernels use on this processor: 0 baseline
/// x86-64 (or another architecture), 1 AVX2, 2 AVX-512.
int lk_activation_level(void);

/// The kernels at `level` (limited to `lk_activation_level()`), for tests that compare levels.
void lk_tanh_f32_at(int level, float *values, size_t count);
void lk_sigmoid_f32_at(int level, float *values, size_t count);
void lk_tanh_f64_at(int level, double *values, size_t count);

/// Adam's settings for one step: `(1 - beta1^t)` and `(1 - beta2^t)` are the bias
/// corrections at step t; `weight_decay` is PyTorch's L2 term (0 for none).
typedef struct {
  double lr, beta1, beta2, correction1, correction2, epsilon, weight_decay;
} lk_adam_step;

/// One Adam step over `count` parameters, in Double arithmetic: `g = gradient + wd p`
/// (rounded to the storage type), `m = b1 m + (1-b1) g`, `v = b2 v + (1-b2) g^2`,
/// `p -= lr (m / c1) / (sqrt(v / c2) + eps)`.
void lk_adam_f32(float *parameters, const float *gradients, float *first, float *second,
                 size_t count, const lk_adam_step *step);
void lk_adam_f64(double *parameters, const double *gradients, double *first, double *second,
                 size_t count, const lk_adam_step *step);

/// `delta *= 1 - a^2` over a column-major `rows x columns` block, adding each row's sum of
/// the result to `sums[row]`.
void lk_tanh_backward_f32(float *delta, const float *a, size_t rows, size_t columns,
                          float *sums);
void lk_tanh_backward_f64(double *delta, const double *a, size_t rows, size_t columns,
                          double *sums);

/// `e = y - x`, then `y = scale e` over a column-major `rows x columns` block, adding each
/// row's sum of the new `y` to `sums[row]`; returns the sum of `e^2` in Double.
double lk_scaled_error_f32(float *y, const float *x, size_t rows, size_t columns, float scale,
                           float *sums);
double lk_scaled_error_f64(double *y, const double *x, size_t rows, size_t columns,
                           double scale, double *sums);

/// The kernels at `level` (limited to `lk_activation_level()`), for tests that compare levels.
void lk_adam_f32_at(int level, float *parameters, const float *gradients, float *first,
                    float *second, size_t count, const lk_adam_step *step);
void lk_adam_f64_at(int level, double *parameters, const double *gradients, double *first,
                    double *second, size_t count, const lk_adam_step *step);
void lk_tanh_backward_f32_at(int level, float *delta, const float *a, size_t rows,
                             size_t columns, float *sums);
void lk_tanh_backward_f64_at(int level, double *delta, const double *a, size_t rows,
                             size_t columns, double *sums);
double lk_scaled_error_f32_at(int level, float *y, const float *x, size_t rows,
                              size_t columns, float scale, float *sums);
double lk_scaled_error_f64_at(int level, double *y, const double *x, size_t rows,
                              size_t columns, double scale, double *sums);

#endif
