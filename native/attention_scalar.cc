// The fused attention tile with std::exp, for CPUs without AVX2/FMA (chosen at run time by attention_kernel.cc).
#include <algorithm>
#include <cmath>
#include <limits>

#include "attention_kernel.h"
#include "attention_tiles.h"

namespace attnsim {
namespace {

/** The tile's Vec without AVX2: a "register" is a plain array of kValueWidth<T> values; exp is std::exp. */
template <typename T>
struct ScalarVec {
  static constexpr size_t L = kValueWidth<T>;
  static constexpr int kRows = kTileRows;
  /** V is packed one key per row (PackedValueLayout gives group 2 to the AVX-512 kernel only). */
  static constexpr bool kPairs = false;
  struct V {
    T x[L];
  };
  static V Load(const T* p) {
    V v;
    std::copy(p, p + L, v.x);
    return v;
  }
  static void Store(T* p, const V& v) { std::copy(v.x, v.x + L, p); }
  static V Set(T value) {
    V v;
    std::fill(v.x, v.x + L, value);
    return v;
  }
  static V Fma(const V& a, const V& b, V c) {
    for (size_t i = 0; i < L; ++i) c.x[i] += a.x[i] * b.x[i];
    return c;
  }
  /** max(init, s[0, n)), or NaN when some s[j] is not finite. */
  static T Max(const T* s, size_t n, T init) {
    T best = init;
    for (size_t j = 0; j < n; ++j) {
      if (!std::isfinite(s[j])) return std::numeric_limits<T>::quiet_NaN();
      best = std::max(best, s[j]);
    }
    return best;
  }
  static double ExpShiftSum(T* s, size_t n, T shift) {
    double sum = 0;
    for (size_t j = 0; j < n; ++j) sum += s[j] = std::exp(s[j] - shift);
    return sum;
  }
};

}  // namespace

namespace scalar {

template <typename T>
FusedFailure Tiles(const FusedArgs<T>& args, TileQueue& work) {
  return RunTiles<T, ScalarVec<T>>(args, work);
}

template <typename T>
void Exp(const T* x, T* out, size_t n) {
  for (size_t j = 0; j < n; ++j) out[j] = std::exp(x[j]);
}

template FusedFailure Tiles<float>(const FusedArgs<float>&, TileQueue&);
template FusedFailure Tiles<double>(const FusedArgs<double>&, TileQueue&);
template void Exp<float>(const float*, float*, size_t);
template void Exp<double>(const double*, double*, size_t);

}  // namespace scalar
}  // namespace attnsim
