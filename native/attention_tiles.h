// The fused attention tile, one template for both dtypes and both instruction sets: Vec supplies one
// register of T (load, store, broadcast, FMA, lanes L = kValueWidth<T>), the row maximum and the shifted
// exponentials (AVX2 in attention_avx2.cc, plain arrays and std::exp in attention_scalar.cc).
// Included by those two files only; internal linkage keeps their two compilations apart.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "attention_kernel.h"

namespace attnsim {
namespace {

/** Key columns per block: the scores of one tile live in kTileRows × kKeyBlock values. */
constexpr size_t kKeyBlock = 256;

/** Per-thread scratch of one run of tiles. */
template <typename T>
struct Scratch {
  std::vector<T> q, s, o;
  std::vector<double> l;
  std::vector<T> m;
  Scratch(int dh, size_t dvp)
      : q(kTileRows * dh), s(kTileRows * kKeyBlock), o(kTileRows * dvp), l(kTileRows), m(kTileRows) {}
};

/** s[r][0, bc) = Σ_d q[r][d]·kt[d][j0 + ·], two registers of keys by kTileRows queries at a time. */
template <typename T, typename Vec>
void Scores(const FusedArgs<T>& a, const T* kt, const T* q, size_t j0, size_t bc, T* s) {
  constexpr size_t L = Vec::L;
  for (size_t j = 0; j < bc; j += 2 * L) {
    typename Vec::V acc[kTileRows][2];
    for (auto& row : acc) row[0] = row[1] = Vec::Set(T(0));
    const T* k = kt + j0 + j;
    for (int d = 0; d < a.dh; ++d, k += a.np) {
      const typename Vec::V k0 = Vec::Load(k), k1 = Vec::Load(k + L);
      for (int r = 0; r < kTileRows; ++r) {
        const typename Vec::V qd = Vec::Set(q[r * a.dh + d]);
        acc[r][0] = Vec::Fma(qd, k0, acc[r][0]);
        acc[r][1] = Vec::Fma(qd, k1, acc[r][1]);
      }
    }
    for (int r = 0; r < kTileRows; ++r) {
      Vec::Store(s + r * kKeyBlock + j, acc[r][0]);
      Vec::Store(s + r * kKeyBlock + j + L, acc[r][1]);
    }
  }
}

/** o[r][·] += Σ_{j < jn} p[r][j]·v[j0 + j][·], over dvp columns one register wide at a time. */
template <typename T, typename Vec>
void WeightedValues(const FusedArgs<T>& a, const T* v, const T* p, size_t j0, size_t jn, size_t dvp, T* o) {
  for (size_t c0 = 0; c0 < dvp; c0 += Vec::L) {
    typename Vec::V acc[kTileRows];
    for (int r = 0; r < kTileRows; ++r) acc[r] = Vec::Load(o + r * dvp + c0);
    const T* row = v + j0 * a.ldv + c0;
    for (size_t j = 0; j < jn; ++j, row += a.ldv) {
      const typename Vec::V x = Vec::Load(row);
      for (int r = 0; r < kTileRows; ++r) acc[r] = Vec::Fma(Vec::Set(p[r * kKeyBlock + j]), x, acc[r]);
    }
    for (int r = 0; r < kTileRows; ++r) Vec::Store(o + r * dvp + c0, acc[r]);
  }
}

/** One tile: kTileRows queries of one head against every visible key, block by block, with a running softmax; false (and `bad` set) on a non-finite score. */
template <typename T, typename Vec>
bool Tile(const FusedArgs<T>& a, int h, int i0, Scratch<T>& w, FusedFailure& bad) {
  const size_t dvp = w.o.size() / kTileRows;
  const T* kt = a.kt + static_cast<size_t>(h) * a.dh * a.np;
  const T* v = a.v + static_cast<size_t>(h) * a.dvh;
  const int rows = std::min(kTileRows, a.n - i0);
  std::fill(w.q.begin(), w.q.end(), T(0));
  for (int r = 0; r < rows; ++r) {
    const T* src = a.q + static_cast<size_t>(i0 + r) * a.ldq + static_cast<size_t>(h) * a.dh;
    for (int d = 0; d < a.dh; ++d) w.q[r * a.dh + d] = src[d] * a.scale;
  }
  std::fill(w.o.begin(), w.o.end(), T(0));
  std::fill(w.l.begin(), w.l.end(), 0.0);
  std::fill(w.m.begin(), w.m.end(), -std::numeric_limits<T>::infinity());
  const size_t keys = a.causal ? static_cast<size_t>(i0 + rows) : static_cast<size_t>(a.n);
  for (size_t j0 = 0; j0 < keys; j0 += kKeyBlock) {
    const size_t bc = std::min(kKeyBlock, a.np - j0), jn = std::min(kKeyBlock, keys - j0);
    Scores<T, Vec>(a, kt, w.q.data(), j0, bc, w.s.data());
    for (int r = 0; r < kTileRows; ++r) {
      T* s = w.s.data() + r * kKeyBlock;
      const size_t last = a.causal ? static_cast<size_t>(i0 + r) + 1 : static_cast<size_t>(a.n);
      const size_t valid = r < rows && last > j0 ? std::min(jn, last - j0) : 0;
      if (valid > 0) {
        const T m = Vec::Max(s, valid, w.m[r]);
        if (!std::isfinite(m) && (bad.row < 0 || i0 + r < bad.row)) bad = {h, i0 + r};
        const T alpha = std::exp(w.m[r] - m);
        w.l[r] = w.l[r] * alpha + Vec::ExpShiftSum(s, valid, m);
        for (size_t c = 0; c < dvp; ++c) w.o[r * dvp + c] *= alpha;
        w.m[r] = m;
      }
      std::fill(s + valid, s + jn, T(0));
    }
    WeightedValues<T, Vec>(a, v, w.s.data(), j0, jn, dvp, w.o.data());
  }
  for (int r = 0; r < rows; ++r) {
    T* out = a.heads + static_cast<size_t>(i0 + r) * a.ldo + static_cast<size_t>(h) * a.dvh;
    const T inv = static_cast<T>(1.0 / w.l[r]);
    for (int c = 0; c < a.dvh; ++c) out[c] = w.o[r * dvp + c] * inv;
  }
  return bad.row < 0;
}

/** Runs tiles first, first + step, ... of heads_count × ⌈n / kTileRows⌉ (head-major); stops at a non-finite score. */
template <typename T, typename Vec>
FusedFailure RunTiles(const FusedArgs<T>& a, size_t first, size_t step) {
  const size_t perHead = (static_cast<size_t>(a.n) + kTileRows - 1) / kTileRows;
  const size_t dvp = (static_cast<size_t>(a.dvh) + kValueWidth<T> - 1) / kValueWidth<T> * kValueWidth<T>;
  Scratch<T> w(a.dh, dvp);
  FusedFailure bad;
  for (size_t t = first; t < perHead * a.heads_count; t += step) {
    if (!Tile<T, Vec>(a, static_cast<int>(t / perHead), static_cast<int>(t % perHead) * kTileRows, w, bad)) break;
  }
  return bad;
}

}  // namespace
}  // namespace attnsim
