// The fused attention tile and exp compiled for AVX-512 (F, DQ, BW, VL; chosen at run time by attention_kernel.cc):
// the same template as the AVX2 file with 512-bit registers, twice the lanes per instruction.
// Every standard header comes before the target pragma, so only attnsim's own code gets AVX-512 instructions.
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma")
// GCC 12's avx512fintrin.h makes its "undefined" registers by self-initialisation, which -Wmaybe-uninitialized
// reports wherever a masked intrinsic inlines (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "attention_kernel.h"
#include "attention_tiles.h"
#include "simd_exp512.h"
#include "vec_loops.h"

namespace attnsim {
namespace {

/** One 512-bit register of T: load, store, broadcast, FMA, max, add, subtract, a mask of non-finite lanes, a sum. */
template <typename T>
struct Reg;

template <>
struct Reg<float> {
  using V = __m512;
  using Mask = __mmask16;
  static V Load(const float* p) { return _mm512_loadu_ps(p); }
  static void Store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static V Set(float x) { return _mm512_set1_ps(x); }
  /** (p[0], p[1]) in every pair of lanes: one 64-bit broadcast. */
  static V SetPair(const float* p) {
    double pair;
    std::memcpy(&pair, p, sizeof pair);
    return _mm512_castpd_ps(_mm512_set1_pd(pair));
  }
  static V Fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V Max(V a, V b) { return _mm512_max_ps(a, b); }
  static V Add(V a, V b) { return _mm512_add_ps(a, b); }
  static V Sub(V a, V b) { return _mm512_sub_ps(a, b); }
  /** Lanes that are NaN or ±∞ (fpclass 0x99: quiet and signalling NaN, +∞, −∞). */
  static Mask Bad(V x) { return _mm512_fpclass_ps_mask(x, 0x99); }
  /** The sum of the lanes (a float reduction tree), in double. */
  static double Sum(V x) { return _mm512_reduce_add_ps(x); }
  /** The largest lane (a reduction tree). */
  static float MaxLane(V x) { return _mm512_reduce_max_ps(x); }
};

template <>
struct Reg<double> {
  using V = __m512d;
  using Mask = __mmask8;
  static V Load(const double* p) { return _mm512_loadu_pd(p); }
  static void Store(double* p, V v) { _mm512_storeu_pd(p, v); }
  static V Set(double x) { return _mm512_set1_pd(x); }
  /** (p[0], p[1]) in every pair of lanes: one 128-bit broadcast. */
  static V SetPair(const double* p) { return _mm512_broadcast_f64x2(_mm_loadu_pd(p)); }
  static V Fma(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  static V Max(V a, V b) { return _mm512_max_pd(a, b); }
  static V Add(V a, V b) { return _mm512_add_pd(a, b); }
  static V Sub(V a, V b) { return _mm512_sub_pd(a, b); }
  static Mask Bad(V x) { return _mm512_fpclass_pd_mask(x, 0x99); }
  static double Sum(V x) { return _mm512_reduce_add_pd(x); }
  static double MaxLane(V x) { return _mm512_reduce_max_pd(x); }
};

/** The tile's Vec on AVX-512: registers, and the row maximum and shifted exponentials with the vector exp. */
template <typename T>
struct Avx512Vec : Reg<T> {
  using R = Reg<T>;
  using typename R::V;
  static constexpr size_t L = 64 / sizeof(T);
  /** Query rows per tile: 2·kRows score and 2·kRows value accumulators fit in the 32 registers. */
  static constexpr int kRows = 8;
  /** V may be packed two keys per row (group 2 of PackedValueLayout), weighted through SetPair. */
  static constexpr bool kPairs = true;

  /** max(init, s[0, n)), or NaN when some s[j] is not finite. */
  static T Max(const T* s, size_t n, T init) {
    V m = R::Set(init);
    unsigned bad = 0;
    size_t j = 0;
    for (; j + L <= n; j += L) {
      const V x = R::Load(s + j);
      m = R::Max(m, x);
      bad |= R::Bad(x);
    }
    T best = R::MaxLane(m);
    bool finite = bad == 0;
    for (; j < n; ++j) {
      best = std::max(best, s[j]);
      finite = finite && std::isfinite(s[j]);
    }
    return finite ? best : std::numeric_limits<T>::quiet_NaN();
  }

  /** s[j] = exp(s[j] − shift) for j < n; returns their sum (two registers at a time, then one, then a padded tail). */
  static double ExpShiftSum(T* s, size_t n, T shift) {
    const V m = R::Set(shift);
    V sum = R::Set(0), sum2 = R::Set(0);
    size_t j = 0;
    for (; j + 2 * L <= n; j += 2 * L) {
      const V e0 = simd::Exp(R::Sub(R::Load(s + j), m)), e1 = simd::Exp(R::Sub(R::Load(s + j + L), m));
      R::Store(s + j, e0);
      R::Store(s + j + L, e1);
      sum = R::Add(sum, e0);
      sum2 = R::Add(sum2, e1);
    }
    return ExpShiftRest<R, T, L>(s, j, n, m, R::Add(sum, sum2));
  }
};

}  // namespace

namespace avx512 {

template <typename T>
FusedFailure Tiles(const FusedArgs<T>& args, TileQueue& work) {
  return RunTiles<T, Avx512Vec<T>>(args, work);
}

template <typename T>
void Exp(const T* x, T* out, size_t n) {
  ExpArray<Avx512Vec<T>>(x, out, n);
}

template FusedFailure Tiles<float>(const FusedArgs<float>&, TileQueue&);
template FusedFailure Tiles<double>(const FusedArgs<double>&, TileQueue&);
template void Exp<float>(const float*, float*, size_t);
template void Exp<double>(const double*, double*, size_t);

}  // namespace avx512
}  // namespace attnsim

#pragma GCC diagnostic pop
#pragma GCC pop_options
