// A fast scan for NaN and ±Infinity, so that TypeScript can reject non-finite inputs by position.
#pragma once

#include <napi.h>

#include <cstddef>

namespace attnsim {

/** The index of the first NaN or ±Infinity in x[0, n), or -1 when all are finite. */
template <typename T>
double FirstNonFiniteIn(const T* x, size_t n);

/** firstNonFinite(x): the index of the first NaN or ±Infinity in x, or -1 when all are finite. */
Napi::Value FirstNonFinite(const Napi::CallbackInfo& info);

}  // namespace attnsim
