// The attention projections' float32 GEMM on AVX-512 (see attention_kernel.h: avx512::ProjectRows), on attnsim's
// own threads: OpenBLAS's worker threads keep spinning for a while after each of its calls, on the core the fused
// kernel's second thread needs, and this environment may pin OpenBLAS to its AVX2 kernels (OPENBLAS_CORETYPE).
// Every standard header comes before the target pragma, so only attnsim's own code gets AVX-512 instructions.
#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <cstddef>

#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma")
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"  // GCC 12's avx512fintrin.h (bug 105593), as attention_avx512.cc

#include "attention_kernel.h"

namespace attnsim {
namespace {

constexpr size_t kStrip = kProjectStrip;
/** Rows of A (and C) per micro-kernel call: 2·kBlockRows accumulators and two registers of B fit in 32. */
constexpr int kBlockRows = 8;
/** Items (a block of rows by a strip) a thread takes from the shared counter at a time. */
constexpr size_t kItemsPerGrab = 4;

/** Lanes [0, count) of a 16-lane mask (count may exceed 16). */
__mmask16 FirstLanes(size_t count) {
  return count >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << count) - 1);
}

/**
 * C[R rows][cols of one strip] = A[R rows][0, k) · strip, with the strip packed as k rows of kStrip (zero past n);
 * `cols` ≤ kStrip columns are stored.
 */
template <int R>
void Block(const float* a, size_t lda, const float* strip, size_t k, float* c, size_t ldc, size_t cols) {
  __m512 acc[R][2];
  for (auto& row : acc) row[0] = row[1] = _mm512_setzero_ps();
  for (size_t p = 0; p < k; ++p, strip += kStrip) {
    const __m512 b0 = _mm512_loadu_ps(strip), b1 = _mm512_loadu_ps(strip + 16);
    for (int r = 0; r < R; ++r) {
      const __m512 x = _mm512_set1_ps(a[r * lda + p]);
      acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
    }
  }
  const __mmask16 m0 = FirstLanes(cols), m1 = FirstLanes(cols > 16 ? cols - 16 : 0);
  for (int r = 0; r < R; ++r) {
    _mm512_mask_storeu_ps(c + r * ldc, m0, acc[r][0]);
    _mm512_mask_storeu_ps(c + r * ldc + 16, m1, acc[r][1]);
  }
}

using BlockFn = void (*)(const float*, size_t, const float*, size_t, float*, size_t, size_t);

/** Block<rows> for 1 ≤ rows ≤ kBlockRows. */
BlockFn BlockFor(int rows) {
  static constexpr BlockFn table[kBlockRows] = {Block<1>, Block<2>, Block<3>, Block<4>,
                                                Block<5>, Block<6>, Block<7>, Block<8>};
  return table[rows - 1];
}

}  // namespace

namespace avx512 {

void PackProduct(const Columns<float>* blocks, size_t count, size_t k, float* packed, size_t threads) {
  size_t n = 0;
  for (size_t b = 0; b < count; ++b) n += blocks[b].cols;
  const size_t strips = (n + kStrip - 1) / kStrip;
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  RunShares(std::min(threads, strips), stop, [&](size_t) {
    for (size_t s = next.fetch_add(1); s < strips; s = next.fetch_add(1)) {
      // Where each of the strip's columns comes from (null past the last column), then k rows of them.
      const float* from[kStrip];
      size_t ld[kStrip], firstBlock = count;
      bool oneBlock = true;  // all the strip's columns side by side in one block: rows copy whole
      for (size_t c = 0, j = s * kStrip, b = 0, first = 0; c < kStrip; ++c, ++j) {
        while (b < count && j >= first + blocks[b].cols) first += blocks[b++].cols;
        from[c] = b < count ? blocks[b].b + (j - first) : nullptr;
        ld[c] = b < count ? blocks[b].ldb : 0;
        if (c == 0) firstBlock = b;
        oneBlock = oneBlock && b < count && b == firstBlock;
      }
      float* out = packed + s * k * kStrip;
      for (size_t p = 0; p < k; ++p, out += kStrip) {
        if (oneBlock) {
          std::copy(from[0] + p * ld[0], from[0] + p * ld[0] + kStrip, out);
        } else {
          for (size_t c = 0; c < kStrip; ++c) out[c] = from[c] != nullptr ? from[c][p * ld[c]] : 0.0f;
        }
      }
    }
  });
}

void ProjectRows(const ProjectArgs& g, size_t threads) {
  if (g.m == 0 || g.n == 0) return;
  const size_t strips = (g.n + kStrip - 1) / kStrip, blocks = (g.m + kBlockRows - 1) / kBlockRows;
  // Items strip-major, so that consecutive items (and the two threads) share one strip of B while it is in cache; a
  // thread takes kItemsPerGrab at a time, as an item can take less than a microsecond, about what the shared counter's
  // cache line costs to move between cores.
  const size_t items = strips * blocks;
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  RunShares(threads, stop, [&](size_t) {
    for (size_t first = next.fetch_add(kItemsPerGrab); first < items; first = next.fetch_add(kItemsPerGrab)) {
      for (size_t item = first; item < std::min(items, first + kItemsPerGrab); ++item) {
        const size_t s = item / blocks, i0 = item % blocks * kBlockRows, j0 = s * kStrip;
        const int rows = static_cast<int>(std::min<size_t>(kBlockRows, g.m - i0));
        BlockFor(rows)(g.a + i0 * g.lda, g.lda, g.packed + s * g.k * kStrip, g.k, g.c + i0 * g.ldc + j0, g.ldc,
                       std::min(kStrip, g.n - j0));
      }
    }
  });
}

}  // namespace avx512
}  // namespace attnsim

#pragma GCC diagnostic pop
#pragma GCC pop_options
