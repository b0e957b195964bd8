// Float tanh and sigmoid and a Double tanh over buffers, written element by element for
// the compiler to vectorize.
//
// Why C: Swift compiles for baseline x86-64 (SSE2), where these kernels, applied to every
// gate of every step, were a fifth of LSTM training time. Each loop is compiled three times,
// for AVX-512, AVX2 and baseline x86-64, and the widest the processor supports is chosen
// when the library loads. Contraction into fused multiply-adds is off and every operation
// is a correctly rounded IEEE one (or exact bit manipulation), so the vector loops, their
// scalar remainders and every level give bit-identical results on every x86-64 machine
// (the tests compare the levels the test machine has).
//
// The Float kernels use Cephes' range reductions and minimax coefficients (S. Moshier,
// *Methods and Programs for Mathematical Functions*, 1989); the tests bound the error by
// 4 ulp over [-30, 30] against libm. The Double tanh is built on expm1 (see tanh_f64).

#include "CVectorKernels.h"
#include "levels.h"

#include <stdint.h>
#include <string.h>

#pragma clang fp contract(off)

static inline uint32_t bits_of(float x) {
  uint32_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

static inline float float_of(uint32_t b) {
  float x;
  memcpy(&x, &b, sizeof x);
  return x;
}

/// `e^x`: `x = n ln2 + r` with `|r| <= ln2 / 2`, a degree-7 polynomial for `e^r`, and `2^n`
/// built in the exponent bits. Inputs are clamped to where `e^x` is a normal float, so huge
/// arguments give the largest or smallest normal power instead of infinity or zero (exact
/// enough for the saturating sigmoid and tanh built on it); NaN passes through.
static inline float exp_f32(float x) {
  x = x < -87.3f ? -87.3f : x;
  x = x > 88.3f ? 88.3f : x;
  // Adding 1.5 * 2^23 rounds to an integer held in the low mantissa bits.
  const float magic = 12582912.0f;
  float shifted = x * 1.44269504f + magic;
  float n = shifted - magic;
  // ln 2 in two parts, the first exact in 9 bits, so n * 0.693359375 is exact.
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float er = (p * r * r + r) + 1.0f;
  uint32_t exponent = bits_of(shifted) - bits_of(magic);
  return er * float_of((exponent + 127u) << 23);
}

static inline float sigmoid_f32(float x) { return 1.0f / (1.0f + exp_f32(-x)); }

/// An odd polynomial for `|x| < 0.625`, where `1 - 2 / (e^2|x| + 1)` would cancel, and that
/// formula with the sign of x elsewhere.
static inline float tanh_f32(float x) {
  uint32_t bits = bits_of(x);
  float magnitude = float_of(bits & 0x7fffffffu);
  float z = x * x;
  float p = -5.70498872745e-3f;
  p = p * z + 2.06390887954e-2f;
  p = p * z + -5.37397155531e-2f;
  p = p * z + 1.33314422036e-1f;
  p = p * z + -3.33332819422e-1f;
  // Both branches take x's sign bit (the polynomial alone would turn -0 into +0).
  float small = float_of(bits_of(p * z * x + x) | (bits & 0x80000000u));
  float large = 1.0f - 2.0f / (exp_f32(magnitude + magnitude) + 1.0f);
  float signed_large = float_of(bits_of(large) | (bits & 0x80000000u));
  return magnitude < 0.625f ? small : signed_large;
}

static inline uint64_t bits_of_f64(double x) {
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

static inline double double_of(uint64_t b) {
  double x;
  memcpy(&x, &b, sizeof x);
  return x;
}

/// Double tanh as `sign(x) m / (m + 2)` with `m = e^{2|x|} - 1`. `2|x| = n ln2 + r` with
/// `|r| <= ln2 / 2` (ln 2 in two parts, the first with 11 significant bits so `n` times it is
/// exact); `e^r - 1` is its Taylor polynomial to degree 13 (truncation below 2^-56 relative);
/// `m = (2^n - 1) + 2^n (e^r - 1)` with `2^n - 1` exact, so no step cancels (the tests bound
/// the error by 3 ulp against libm, so 4 against the exact value). `2|x|` is clamped to 40,
/// where the quotient already rounds to 1; NaN passes through.
static inline double tanh_f64(double x) {
  uint64_t bits = bits_of_f64(x);
  double twice = double_of(bits & 0x7fffffffffffffffull);
  twice = twice + twice;
  twice = twice > 40.0 ? 40.0 : twice;
  // Adding 1.5 * 2^52 rounds to an integer held in the low mantissa bits.
  const double magic = 6755399441055744.0;
  double shifted = twice * 1.4426950408889634 + magic;
  double n = shifted - magic;
  double r = twice - n * 6.93145751953125e-1;
  r = r - n * 1.42860682030941723212e-6;
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  double q = p * r * r + r;
  uint64_t exponent = bits_of_f64(shifted) - bits_of_f64(magic);
  double power = double_of((exponent + 1023u) << 52);
  double m = (power - 1.0) + power * q;
  double magnitude = m / (m + 2.0);
  return double_of(bits_of_f64(magnitude) | (bits & 0x8000000000000000ull));
}

/// `v[i] = kernel(v[i])` for `i < n`, as a kernel body.
#define LK_MAP(name, type, kernel)                                                       \
  static inline __attribute__((always_inline)) void name##_body(type *v, size_t n) {    \
    for (size_t i = 0; i < n; i++) v[i] = kernel(v[i]);                                  \
  }                                                                                      \
  LK_DISPATCH_VOID(name, (values, count), type *values, size_t count)

LK_MAP(lk_tanh_f32, float, tanh_f32)
LK_MAP(lk_sigmoid_f32, float, sigmoid_f32)
LK_MAP(lk_tanh_f64, double, tanh_f64)
