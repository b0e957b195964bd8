// Float tanh and logistic sigmoid over a buffer, in place: the nonlinearities every
// recurrent cell applies to whole gate blocks (see activations.c).
#ifndef LYAPUNOVKIT_CACTIVATIONS_H
#define LYAPUNOVKIT_CACTIVATIONS_H

#include <stddef.h>

/// `values[i] = tanh(values[i])` for `i < count`.
void lk_tanh_f32(float *values, size_t count);

/// `values[i] = 1 / (1 + exp(-values[i]))` for `i < count`.
void lk_sigmoid_f32(float *values, size_t count);

#endif
