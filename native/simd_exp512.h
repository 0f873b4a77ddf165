// exp on AVX-512 registers: the same reduction and bounds as simd_exp.h's AVX2 forms, with 512-bit registers, a mask
// for the underflow and scalef for the power of two. The double polynomial is the AVX2 one (see there for the error
// measured); the float one is a degree-6 near-minimax fit of e^r on |r| ≤ ln2/2 (relative error 1.9e-9 in exact
// arithmetic, one FMA fewer than the degree-7 Taylor form; test/native/kernel_exp.test.ts bounds the result).
// Include only where AVX-512 is enabled (attention_avx512.cc's target pragma).
#pragma once

#include <immintrin.h>

namespace attnsim {
namespace simd {

/**
 * Below ln(smallest normal) the result is 0 (a mask); the power of two is applied by scalef, which needs no clamp or
 * integer exponent arithmetic (above 88.7 for float, 709.8 for double, the result is +∞: softmax only takes x ≤ 0).
 */
inline __m512 Exp(__m512 x) {
  const __mmask16 keep = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-87.3365478515625f), _CMP_GE_OQ);
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.38368458e-3f);
  for (float c : {8.37481593e-3f, 4.16682256e-2f, 1.66664202e-1f, 4.99999921e-1f, 1.00000004f, 1.0f}) {
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c));
  }
  return _mm512_maskz_scalef_ps(keep, p, n);
}

inline __m512d Exp(__m512d x) {
  const __mmask8 keep = _mm512_cmp_pd_mask(x, _mm512_set1_pd(-708.3964185322641), _CMP_GE_OQ);
  const __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(x, _mm512_set1_pd(1.4426950408889634)),
                                         _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512d r = _mm512_fnmadd_pd(n, _mm512_set1_pd(6.93145751953125e-1), x);
  r = _mm512_fnmadd_pd(n, _mm512_set1_pd(1.42860682030941723212e-6), r);
  __m512d p = _mm512_set1_pd(1.0 / 6227020800.0);
  for (double c : {1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0,
                   1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0, 1.0}) {
    p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(c));
  }
  return _mm512_maskz_scalef_pd(keep, p, n);
}

}  // namespace simd
}  // namespace attnsim
