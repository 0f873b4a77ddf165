// The fused attention tile and exp compiled for AVX2/FMA (chosen at run time by attention_kernel.cc).
// Every standard header comes before the target pragma, so only attnsim's own code gets AVX2 instructions.
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#pragma GCC push_options
#pragma GCC target("avx2,fma")

#include "attention_kernel.h"
#include "attention_tiles.h"
#include "simd_exp.h"
#include "vec_loops.h"

namespace attnsim {
namespace {

/** One 256-bit register of T: load, store, broadcast, FMA, max, add, subtract, and the sum of its lanes. */
template <typename T>
struct Reg;

/** The sum of a register's lanes, in double (R is its Reg<T>). */
template <typename R, typename T>
double LaneSum(typename R::V x) {
  alignas(32) T lanes[32 / sizeof(T)];
  R::Store(lanes, x);
  double total = 0;
  for (T lane : lanes) total += lane;
  return total;
}

template <>
struct Reg<float> {
  using V = __m256;
  static V Load(const float* p) { return _mm256_loadu_ps(p); }
  static void Store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static V Set(float x) { return _mm256_set1_ps(x); }
  static V Fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V Max(V a, V b) { return _mm256_max_ps(a, b); }
  static V Add(V a, V b) { return _mm256_add_ps(a, b); }
  static V Sub(V a, V b) { return _mm256_sub_ps(a, b); }
  /** All-ones lanes where x is ±∞ or NaN, or-ed into `bad`. */
  static V Bad(V bad, V x) {
    const V abs = _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x);
    return _mm256_or_ps(bad, _mm256_cmp_ps(abs, _mm256_set1_ps(std::numeric_limits<float>::infinity()), _CMP_NLT_UQ));
  }
  static bool Any(V mask) { return _mm256_movemask_ps(mask) != 0; }
  static double Sum(V x) { return LaneSum<Reg<float>, float>(x); }
};

template <>
struct Reg<double> {
  using V = __m256d;
  static V Load(const double* p) { return _mm256_loadu_pd(p); }
  static void Store(double* p, V v) { _mm256_storeu_pd(p, v); }
  static V Set(double x) { return _mm256_set1_pd(x); }
  static V Fma(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  static V Max(V a, V b) { return _mm256_max_pd(a, b); }
  static V Add(V a, V b) { return _mm256_add_pd(a, b); }
  static V Sub(V a, V b) { return _mm256_sub_pd(a, b); }
  static V Bad(V bad, V x) {
    const V abs = _mm256_andnot_pd(_mm256_set1_pd(-0.0), x);
    return _mm256_or_pd(bad, _mm256_cmp_pd(abs, _mm256_set1_pd(std::numeric_limits<double>::infinity()), _CMP_NLT_UQ));
  }
  static bool Any(V mask) { return _mm256_movemask_pd(mask) != 0; }
  static double Sum(V x) { return LaneSum<Reg<double>, double>(x); }
};

/** The tile's Vec on AVX2: registers, and the row maximum and shifted exponentials with the vector exp. */
template <typename T>
struct Avx2Vec : Reg<T> {
  using R = Reg<T>;
  using typename R::V;
  static constexpr size_t L = kValueWidth<T>;
  /** Query rows per tile: 2·kRows accumulators, two keys or values and a weight fit in 16 registers. */
  static constexpr int kRows = kTileRows;
  /** V is packed one key per row (PackedValueLayout gives group 2 to the AVX-512 kernel only). */
  static constexpr bool kPairs = false;

  /** max(init, s[0, n)), or NaN when some s[j] is not finite. */
  static T Max(const T* s, size_t n, T init) {
    V m = R::Set(init), bad = R::Set(0);
    size_t j = 0;
    for (; j + L <= n; j += L) {
      const V x = R::Load(s + j);
      m = R::Max(m, x);
      bad = R::Bad(bad, x);
    }
    alignas(32) T lanes[L];
    R::Store(lanes, m);
    T best = *std::max_element(lanes, lanes + L);
    bool finite = !R::Any(bad);
    for (; j < n; ++j) {
      best = std::max(best, s[j]);
      finite = finite && std::isfinite(s[j]);
    }
    return finite ? best : std::numeric_limits<T>::quiet_NaN();
  }

  /**
   * s[j] = exp(s[j] − shift) for j < n; returns their sum. Four registers at a time (four independent polynomial
   * chains, two sums), then one; a tail goes through a register padded with −∞.
   */
  static double ExpShiftSum(T* s, size_t n, T shift) {
    const V m = R::Set(shift);
    V sum = R::Set(0), sum2 = R::Set(0);
    size_t j = 0;
    for (; j + 4 * L <= n; j += 4 * L) {
      const V e0 = simd::Exp(R::Sub(R::Load(s + j), m)), e1 = simd::Exp(R::Sub(R::Load(s + j + L), m));
      const V e2 = simd::Exp(R::Sub(R::Load(s + j + 2 * L), m)), e3 = simd::Exp(R::Sub(R::Load(s + j + 3 * L), m));
      R::Store(s + j, e0);
      R::Store(s + j + L, e1);
      R::Store(s + j + 2 * L, e2);
      R::Store(s + j + 3 * L, e3);
      sum = R::Add(sum, R::Add(e0, e1));
      sum2 = R::Add(sum2, R::Add(e2, e3));
    }
    return ExpShiftRest<R, T, L>(s, j, n, m, R::Add(sum, sum2));
  }
};

}  // namespace

namespace avx2 {

template <typename T>
FusedFailure Tiles(const FusedArgs<T>& args, TileQueue& work) {
  return RunTiles<T, Avx2Vec<T>>(args, work);
}

template <typename T>
void Exp(const T* x, T* out, size_t n) {
  ExpArray<Avx2Vec<T>>(x, out, n);
}

template FusedFailure Tiles<float>(const FusedArgs<float>&, TileQueue&);
template FusedFailure Tiles<double>(const FusedArgs<double>&, TileQueue&);
template void Exp<float>(const float*, float*, size_t);
template void Exp<double>(const double*, double*, size_t);

}  // namespace avx2
}  // namespace attnsim

#pragma GCC pop_options
