// exp on AVX-512 registers: the same reduction, polynomials and bounds as simd_exp.h's AVX2 forms (see there for
// the error measured), with 512-bit registers and a mask for the underflow. Include only where AVX-512 is enabled
// (attention_avx512.cc's target pragma).
#pragma once

#include <immintrin.h>

namespace attnsim {
namespace simd {

inline __m512 Exp(__m512 x) {
  const __m512 lo = _mm512_set1_ps(-87.3365478515625f), hi = _mm512_set1_ps(88.0f);
  const __mmask16 under = _mm512_cmp_ps_mask(x, lo, _CMP_LT_OQ);
  x = _mm512_min_ps(_mm512_max_ps(x, lo), hi);
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.0f / 5040);
  for (float c : {1.0f / 720, 1.0f / 120, 1.0f / 24, 1.0f / 6, 0.5f, 1.0f, 1.0f}) {
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c));
  }
  const __m512i e = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23);
  return _mm512_maskz_mul_ps(static_cast<__mmask16>(~under), p, _mm512_castsi512_ps(e));
}

inline __m512d Exp(__m512d x) {
  const __m512d lo = _mm512_set1_pd(-708.3964185322641), hi = _mm512_set1_pd(709.0);
  const __mmask8 under = _mm512_cmp_pd_mask(x, lo, _CMP_LT_OQ);
  x = _mm512_min_pd(_mm512_max_pd(x, lo), hi);
  const __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(x, _mm512_set1_pd(1.4426950408889634)),
                                         _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512d r = _mm512_fnmadd_pd(n, _mm512_set1_pd(6.93145751953125e-1), x);
  r = _mm512_fnmadd_pd(n, _mm512_set1_pd(1.42860682030941723212e-6), r);
  __m512d p = _mm512_set1_pd(1.0 / 6227020800.0);
  for (double c : {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0,
                   1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0}) {
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(c));
  }
  // n + 1023 + 2^52 holds n + 1023 in its low mantissa bits; shifted by 52 it is the exponent field of 2^n.
  const __m512i bits = _mm512_castpd_si512(_mm512_add_pd(n, _mm512_set1_pd(4503599627370496.0 + 1023.0)));
  const __m512d scale = _mm512_castsi512_pd(_mm512_slli_epi64(bits, 52));
  return _mm512_maskz_mul_pd(static_cast<__mmask8>(~under), p, scale);
}

}  // namespace simd
}  // namespace attnsim
