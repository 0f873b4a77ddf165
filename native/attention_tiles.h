// The fused attention tile, one template for both dtypes and every instruction set: Vec supplies one
// register of T (load, store, broadcast, FMA, lanes L), the query rows per tile (kRows: as many as its
// registers hold accumulators for), the row maximum and the shifted exponentials (AVX-512 in
// attention_avx512.cc, AVX2 in attention_avx2.cc, plain arrays and std::exp in attention_scalar.cc).
// Included by those two files only; internal linkage keeps their two compilations apart.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "attention_kernel.h"

namespace attnsim {
namespace {

/** Key columns per block: the scores of one tile live in Vec::kRows × kKeyBlock values. */
constexpr size_t kKeyBlock = 256;

/** Per-thread scratch of one run of tiles. */
template <typename T>
struct Scratch {
  std::vector<T> q, s, o;
  std::vector<double> l;
  std::vector<T> m;
  Scratch(int rows, int dh, size_t dvp)
      : q(rows * dh), s(rows * kKeyBlock), o(rows * dvp), l(rows), m(rows) {}
};

/** The address of key j's column in the packed Kᵀ of one head (row d of its panel is d·W further). */
template <typename T>
const T* PanelColumn(const T* kt, int dh, size_t j) {
  constexpr size_t W = kScoreWidth<T>;
  return kt + j / W * dh * W + j % W;
}

/**
 * s[r][0, bc) = Σ_d q[r][d]·Kᵀ[d][j0 + ·], two registers of keys by Vec::kRows queries at a time (one panel of
 * 256-bit registers, or two panels of 512-bit ones); bc is a multiple of two registers (PaddedKeys).
 */
template <typename T, typename Vec>
void Scores(const FusedArgs<T>& a, const T* kt, const T* q, size_t j0, size_t bc, T* s) {
  constexpr size_t L = Vec::L, W = kScoreWidth<T>;
  static_assert(W % L == 0 || L % W == 0, "registers and panels nest");
  for (size_t j = 0; j < bc; j += 2 * L) {
    typename Vec::V acc[Vec::kRows][2];
    for (auto& row : acc) row[0] = row[1] = Vec::Set(T(0));
    const T* k = PanelColumn(kt, a.dh, j0 + j);
    const T* kb = PanelColumn(kt, a.dh, j0 + j + L);
    for (int d = 0; d < a.dh; ++d, k += W, kb += W) {
      const typename Vec::V k0 = Vec::Load(k), k1 = Vec::Load(kb);
      for (int r = 0; r < Vec::kRows; ++r) {
        const typename Vec::V qd = Vec::Set(q[r * a.dh + d]);
        acc[r][0] = Vec::Fma(qd, k0, acc[r][0]);
        acc[r][1] = Vec::Fma(qd, k1, acc[r][1]);
      }
    }
    for (int r = 0; r < Vec::kRows; ++r) {
      Vec::Store(s + r * kKeyBlock + j, acc[r][0]);
      Vec::Store(s + r * kKeyBlock + j + L, acc[r][1]);
    }
  }
}

/**
 * o[r][·] += Σ_{j < jn} p[r][j]·v[j0 + j][·] over packed rows of one key each (group 1), dvp columns: two registers
 * of columns at a time (each weight broadcast once for both), then a last single register.
 */
template <typename T, typename Vec>
void WeightedRows(const T* v, size_t dvp, const T* p, size_t j0, size_t jn, T* o) {
  constexpr size_t L = Vec::L;
  size_t c0 = 0;
  for (; c0 + 2 * L <= dvp; c0 += 2 * L) {
    typename Vec::V acc[Vec::kRows][2];
    for (int r = 0; r < Vec::kRows; ++r) {
      acc[r][0] = Vec::Load(o + r * dvp + c0);
      acc[r][1] = Vec::Load(o + r * dvp + c0 + L);
    }
    const T* row = v + j0 * dvp + c0;
    for (size_t j = 0; j < jn; ++j, row += dvp) {
      const typename Vec::V x0 = Vec::Load(row), x1 = Vec::Load(row + L);
      for (int r = 0; r < Vec::kRows; ++r) {
        const typename Vec::V pr = Vec::Set(p[r * kKeyBlock + j]);
        acc[r][0] = Vec::Fma(pr, x0, acc[r][0]);
        acc[r][1] = Vec::Fma(pr, x1, acc[r][1]);
      }
    }
    for (int r = 0; r < Vec::kRows; ++r) {
      Vec::Store(o + r * dvp + c0, acc[r][0]);
      Vec::Store(o + r * dvp + c0 + L, acc[r][1]);
    }
  }
  for (; c0 < dvp; c0 += L) {
    typename Vec::V acc[Vec::kRows];
    for (int r = 0; r < Vec::kRows; ++r) acc[r] = Vec::Load(o + r * dvp + c0);
    const T* row = v + j0 * dvp + c0;
    for (size_t j = 0; j < jn; ++j, row += dvp) {
      const typename Vec::V x = Vec::Load(row);
      for (int r = 0; r < Vec::kRows; ++r) acc[r] = Vec::Fma(Vec::Set(p[r * kKeyBlock + j]), x, acc[r]);
    }
    for (int r = 0; r < Vec::kRows; ++r) Vec::Store(o + r * dvp + c0, acc[r]);
  }
}

/**
 * The same over packed rows of two keys each (group 2, dvp = one register): row t's lanes 2c + g hold key 2t + g's
 * column c, so one register of weight pairs (p[2t], p[2t + 1]) covers both keys; o's lanes 2c and 2c + 1 are then two
 * halves of column c's sum. j0 and the zero-filled p are even-sized.
 */
template <typename T, typename Vec>
void WeightedPairs(const T* v, const T* p, size_t j0, size_t jn, T* o) {
  typename Vec::V acc[Vec::kRows];
  for (int r = 0; r < Vec::kRows; ++r) acc[r] = Vec::Load(o + r * Vec::L);
  const T* row = v + j0 / 2 * Vec::L;
  for (size_t j = 0; j < jn; j += 2, row += Vec::L) {
    const typename Vec::V x = Vec::Load(row);
    for (int r = 0; r < Vec::kRows; ++r) acc[r] = Vec::Fma(Vec::SetPair(p + r * kKeyBlock + j), x, acc[r]);
  }
  for (int r = 0; r < Vec::kRows; ++r) Vec::Store(o + r * Vec::L, acc[r]);
}

/** o[r][·] += Σ_{j < jn} p[r][j]·v[j0 + j][·] in the packed V's layout (a.group). */
template <typename T, typename Vec>
void WeightedValues(const FusedArgs<T>& a, const T* v, const T* p, size_t j0, size_t jn, T* o) {
  if constexpr (Vec::kPairs) {
    if (a.group == 2) return WeightedPairs<T, Vec>(v, p, j0, jn, o);
  }
  WeightedRows<T, Vec>(v, a.dvp, p, j0, jn, o);
}

/**
 * One tile: Vec::kRows queries of one head against every visible key, block by block, with a running softmax.
 * Returns false (and sets `bad`) on a non-finite score.
 */
template <typename T, typename Vec>
bool Tile(const FusedArgs<T>& a, int h, int i0, Scratch<T>& w, FusedFailure& bad) {
  const size_t dvp = a.dvp;
  const T* kt = a.kt + static_cast<size_t>(h) * a.dh * a.np;
  const T* v = a.v + static_cast<size_t>(h) * ((a.n + a.group - 1) / a.group) * dvp;
  const int rows = std::min(Vec::kRows, a.n - i0);
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
    // Scores only up to the last visible key (rounded up to a step of two registers): under a causal mask the
    // diagonal block costs what it shows, so causal attention costs about half.
    const size_t step = 2 * Vec::L, jn = std::min(kKeyBlock, keys - j0);
    const size_t bc = std::min(std::min(kKeyBlock, a.np - j0), (jn + step - 1) / step * step);
    Scores<T, Vec>(a, kt, w.q.data(), j0, bc, w.s.data());
    for (int r = 0; r < Vec::kRows; ++r) {
      T* s = w.s.data() + r * kKeyBlock;
      const size_t last = a.causal ? static_cast<size_t>(i0 + r) + 1 : static_cast<size_t>(a.n);
      const size_t valid = r < rows && last > j0 ? std::min(jn, last - j0) : 0;
      if (valid > 0) {
        // Keys past the row's last visible one up to a whole register score the lowest finite value: the maximum
        // ignores them, their exponentials are 0, and the row's vector loops need no tail.
        const size_t whole = (valid + Vec::L - 1) / Vec::L * Vec::L;
        std::fill(s + valid, s + whole, std::numeric_limits<T>::lowest());
        const T m = Vec::Max(s, whole, w.m[r]);
        if (!std::isfinite(m) && (bad.row < 0 || i0 + r < bad.row)) bad = {h, i0 + r};
        if (m > w.m[r]) {  // a new maximum: rescale what the earlier blocks summed (nothing before the row's first)
          if (w.m[r] != -std::numeric_limits<T>::infinity()) {
            const T alpha = std::exp(w.m[r] - m);
            w.l[r] *= alpha;
            for (size_t c = 0; c < dvp; ++c) w.o[r * dvp + c] *= alpha;
          }
          w.m[r] = m;
        }
        w.l[r] += Vec::ExpShiftSum(s, whole, m);
        // The weights of the remaining masked keys, and of a pair's missing key.
        if (jn + (jn & 1) > whole) std::fill(s + whole, s + jn + (jn & 1), T(0));
      } else {
        std::fill(s, s + jn + (jn & 1), T(0));
      }
    }
    WeightedValues<T, Vec>(a, v, w.s.data(), j0, jn, w.o.data());
  }
  for (int r = 0; r < rows; ++r) {
    T* out = a.heads + static_cast<size_t>(i0 + r) * a.ldo + static_cast<size_t>(h) * a.dvh;
    const T inv = static_cast<T>(1.0 / w.l[r]);
    const T* o = w.o.data() + r * dvp;
    if (a.group == 2) {
      for (int c = 0; c < a.dvh; ++c) out[c] = (o[2 * c] + o[2 * c + 1]) * inv;
    } else {
      for (int c = 0; c < a.dvh; ++c) out[c] = o[c] * inv;
    }
  }
  return bad.row < 0;
}

/**
 * Runs tiles of heads_count × ⌈n / Vec::kRows⌉, taking kTilesPerGrab at a time from `work` until none are left or
 * some thread met a non-finite score. Shared work, not fixed shares: on a busy machine a thread that is descheduled
 * does not hold the others up. Head-major, so that a thread's next tiles read the packed K and V its last ones left in
 * its L1 cache (a head's are 32 KiB at (512, 64, 8)); under a causal mask each head's row tiles run from the last (the
 * most keys) to the first, so that the tiles left at the end, when threads wait for each other, are the cheapest.
 */
template <typename T, typename Vec>
FusedFailure RunTiles(const FusedArgs<T>& a, TileQueue& work) {
  const size_t perHead = (static_cast<size_t>(a.n) + Vec::kRows - 1) / Vec::kRows;
  const size_t count = perHead * a.heads_count;
  Scratch<T> w(Vec::kRows, a.dh, a.dvp);
  FusedFailure bad;
  for (size_t first = work.next.fetch_add(kTilesPerGrab); first < count && !work.stop.load();
       first = work.next.fetch_add(kTilesPerGrab)) {
    for (size_t t = first; t < std::min(count, first + kTilesPerGrab); ++t) {
      const size_t head = t / perHead;
      const size_t tile = a.causal ? perHead - 1 - t % perHead : t % perHead;
      if (!Tile<T, Vec>(a, static_cast<int>(head), static_cast<int>(tile) * Vec::kRows, w, bad)) {
        work.stop.store(true);
        return bad;
      }
    }
  }
  return bad;
}

}  // namespace
}  // namespace attnsim
