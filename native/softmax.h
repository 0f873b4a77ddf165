// Numerically stable row softmax (the row maximum is subtracted before exponentiating).
#pragma once

#include <cstddef>

#include "async.h"

namespace attnsim {

/**
 * out[i][j] = exp(x[i][j] − max_j x[i]) / Σ_j exp(x[i][j] − max_j x[i]); x and out may alias.
 * Returns false when the row holds NaN or +Infinity (its result is then not finite).
 */
template <typename T>
bool SoftmaxRow(const T* x, T* out, size_t cols);

/** softmaxRows(x, out, rows, cols). */
Job ParseSoftmaxRows(const Args& args);

}  // namespace attnsim
