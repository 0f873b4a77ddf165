// exp on AVX2/FMA registers: Cody–Waite range reduction x = n·ln2 + r, |r| ≤ ln2/2, a Taylor
// polynomial for e^r (degree 7 for float, 13 for double; truncation below 6e-9 and 5e-18 relative),
// then the exponent field set to n. Max relative error against exp over dense sweeps of [-87.3, 88]
// and [-708, 709] (test/native/kernel_exp.test.ts): 7.7e-8 for float (under 1 ulp) and 2.3e-16 for
// double (about 1 ulp). Below ln(smallest normal) the result is 0 (the true value is under 1.2e-38 /
// 2.3e-308); above 88 (float) or 709 (double) the argument is clamped (softmax only takes x ≤ 0).
// Include only where AVX2 and FMA are enabled (attention_avx2.cc's target pragma).
#pragma once

#include <immintrin.h>

namespace attnsim {
namespace simd {

inline __m256 Exp(__m256 x) {
  const __m256 lo = _mm256_set1_ps(-87.3365478515625f), hi = _mm256_set1_ps(88.0f);
  const __m256 under = _mm256_cmp_ps(x, lo, _CMP_LT_OQ);
  x = _mm256_min_ps(_mm256_max_ps(x, lo), hi);
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.0f / 5040);
  for (float c : {1.0f / 720, 1.0f / 120, 1.0f / 24, 1.0f / 6, 0.5f, 1.0f, 1.0f}) {
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(c));
  }
  const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_andnot_ps(under, _mm256_mul_ps(p, _mm256_castsi256_ps(e)));
}

inline __m256d Exp(__m256d x) {
  const __m256d lo = _mm256_set1_pd(-708.3964185322641), hi = _mm256_set1_pd(709.0);
  const __m256d under = _mm256_cmp_pd(x, lo, _CMP_LT_OQ);
  x = _mm256_min_pd(_mm256_max_pd(x, lo), hi);
  const __m256d n = _mm256_round_pd(_mm256_mul_pd(x, _mm256_set1_pd(1.4426950408889634)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256d r = _mm256_fnmadd_pd(n, _mm256_set1_pd(6.93145751953125e-1), x);
  r = _mm256_fnmadd_pd(n, _mm256_set1_pd(1.42860682030941723212e-6), r);
  __m256d p = _mm256_set1_pd(1.0 / 6227020800.0);
  for (double c : {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0,
                   1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0}) {
    p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(c));
  }
  // n + 1023 + 2^52 holds n + 1023 in its low mantissa bits; shifted by 52 it is the exponent field of 2^n.
  const __m256i bits = _mm256_castpd_si256(_mm256_add_pd(n, _mm256_set1_pd(4503599627370496.0 + 1023.0)));
  const __m256d scale = _mm256_castsi256_pd(_mm256_slli_epi64(bits, 52));
  return _mm256_andnot_pd(under, _mm256_mul_pd(p, scale));
}

}  // namespace simd
}  // namespace attnsim
