// Loops the two vector builds of the fused attention share (attention_avx2.cc, attention_avx512.cc): the end of the
// shifted exponentials and the exp of a whole array. Each includes it after its target pragma and its simd::Exp, so
// each compiles it for its own instruction set; internal linkage keeps the two compilations apart.
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>

namespace attnsim {
namespace {

/**
 * The end of a Vec's ExpShiftSum: s[i] = exp(s[i] − m) for i in [j, n), one register of L at a time, then the tail
 * through a register padded with −∞; returns the sum of the lanes of `sum` and of those exponentials (R::Sum).
 */
template <typename R, typename T, size_t L>
double ExpShiftRest(T* s, size_t j, size_t n, typename R::V m, typename R::V sum) {
  using V = typename R::V;
  for (; j + L <= n; j += L) {
    const V e = simd::Exp(R::Sub(R::Load(s + j), m));
    R::Store(s + j, e);
    sum = R::Add(sum, e);
  }
  alignas(64) T lanes[L];
  if (j < n) {
    std::fill(lanes, lanes + L, -std::numeric_limits<T>::infinity());
    std::copy(s + j, s + n, lanes);
    const V e = simd::Exp(R::Sub(R::Load(lanes), m));
    R::Store(lanes, e);
    std::copy(lanes, lanes + (n - j), s + j);
    sum = R::Add(sum, e);
  }
  return R::Sum(sum);
}

/** out[j] = exp(x[j]) for j < n, through Vec's ExpShiftSum in chunks of 2^20. */
template <typename Vec, typename T>
void ExpArray(const T* x, T* out, size_t n) {
  std::copy(x, x + n, out);
  for (size_t j = 0; j < n;) {
    const size_t len = std::min<size_t>(n - j, 1 << 20);
    Vec::ExpShiftSum(out + j, len, T(0));
    j += len;
  }
}

}  // namespace
}  // namespace attnsim
