// Fused multi-head attention per head and row tile (flash-attention style): scores, running max,
// exponentials, sums and the weighted V in one pass over key blocks, never an n×n score matrix.
#pragma once

#include <atomic>
#include <cstddef>

#include "thread_pool.h"

namespace attnsim {

/** Keys per packed Kᵀ panel: 64 bytes of T (16 floats, 8 doubles), two 256-bit registers or one 512-bit one. */
template <typename T>
constexpr size_t kScoreWidth = 64 / sizeof(T);
/** V columns per vector step of the 256-bit kernels: one 256-bit register of T. */
template <typename T>
constexpr size_t kValueWidth = 32 / sizeof(T);

/**
 * The projected operands of one attention call, packed for the fused kernel (PackKeys, PackValues), so that the
 * kernel reads both sequentially: strided rows of a plain Kᵀ (at 4 KiB strides when n is a multiple of 1024)
 * would all fall into the same few L1 sets.
 * q: row i of Q at q + i·ldq, head h's columns from h·dh;
 * kt: head h's Kᵀ as np / kScoreWidth panels of dh×kScoreWidth (row-major, keys ≥ n zero), from kt + h·dh·np;
 * v: head h's V as ⌈n / group⌉ rows of dvp from v + h·⌈n / group⌉·dvp (ValueLayout): with group 1, row j is key
 *   j's dvh values then zeros; with group 2, row t interleaves keys 2t and 2t + 1 (lane 2c + g is key 2t + g's column c),
 *   so that one register of weights pairs (p[2t], p[2t + 1]) covers two keys when dvh is at most half a register;
 * heads: the n×(heads·dvh) output (ldo).
 */
template <typename T>
struct FusedArgs {
  const T* q;
  size_t ldq;
  const T* kt;
  size_t np;
  const T* v;
  size_t dvp;
  int group;
  T* heads;
  size_t ldo;
  int n, dh, dvh, heads_count;
  bool causal;
  T scale;
};

/** n rounded up to two panels (the keys one step of scores covers with two registers of any width). */
template <typename T>
constexpr size_t PaddedKeys(size_t n) {
  return (n + 2 * kScoreWidth<T> - 1) / (2 * kScoreWidth<T>) * (2 * kScoreWidth<T>);
}

/** How the packed V of one head is laid out for the kernel this CPU runs (see FusedArgs). */
struct ValueLayout {
  /** Keys per packed row: 2 when the AVX-512 kernel runs and dvh is at most half its register, else 1. */
  int group;
  /** Entries per packed row: group·dvh rounded up to the kernel's register. */
  size_t dvp;
  /** Packed rows per head: ⌈n / group⌉. */
  size_t Rows(size_t n) const { return (n + group - 1) / group; }
};

/** The packed V layout for heads of dvh value columns on this CPU's kernel. */
template <typename T>
ValueLayout PackedValueLayout(size_t dvh);

/**
 * Packs K (n rows of ldk, head h's columns from h·dh) into kt (dModel·np entries) and V (n rows of ldv, head h's
 * columns from h·dvh) into packed (heads·Rows(n)·dvp) as FusedArgs lays them out, heads shared among the threads
 * BLAS is allowed when there are many entries.
 */
template <typename T>
void PackOperands(const T* k, size_t ldk, const T* v, size_t ldv, int n, int dh, int dvh, int heads, T* kt, T* packed);

/** A (head, query row) whose scores were not finite (the first the tiles met), or row = −1 when all were. */
struct FusedFailure {
  int head = -1;
  int row = -1;
};

/** Rows of queries one tile of the 256-bit and scalar kernels handles (the AVX-512 kernel takes 8). */
constexpr int kTileRows = 4;
/** Tiles a thread takes from the queue at a time. */
constexpr size_t kTilesPerGrab = 4;

/** The tiles not yet taken, shared by the threads of one call, and whether one of them met a bad score. */
struct TileQueue {
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
};

/**
 * heads = concat_h(softmax(scale·Q_h·K_hᵀ [causal])·V_h), on the threads BLAS is allowed (AVX2/FMA when present).
 * Returns where a score overflowed (then the output is not meaningful), or row −1.
 */
template <typename T>
FusedFailure FusedAttention(const FusedArgs<T>& args);

/** out[i] = exp(x[i]) by the kernel's exp: the AVX2/FMA polynomial when `simd` and supported, else std::exp. */
template <typename T>
void KernelExp(const T* x, T* out, size_t n, bool simd);

/** True when this CPU runs the AVX2/FMA kernels (checked once at run time). */
bool HasAvx2Fma();
/** True when this CPU runs the AVX-512 kernels (F, DQ, BW, VL; checked once at run time). */
bool HasAvx512();

/**
 * The threads a kernel of `work` multiply-adds takes: 1 below about a millisecond of work on one core (waking a pool
 * thread and waiting for it costs microseconds, far more on a loaded machine), else the BLAS thread count (setThreads).
 */
size_t KernelThreads(double work);

/**
 * The threads packing `entries` entries takes: an entry (a load and a strided store) costs about as much as 64
 * multiply-adds of KernelThreads' work (a vector FMA unit does 32 a cycle), so from about 65,000 entries on, more than one.
 */
size_t PackThreads(double entries);

/** Columns of one packed strip of B in avx512::ProjectRows (two 512-bit registers of float32). */
constexpr size_t kProjectStrip = 32;

/** Entries of B as avx512::PackProduct packs it (k rows, n columns padded to whole strips). */
constexpr size_t PackedProductSize(size_t n, size_t k) {
  return (n + kProjectStrip - 1) / kProjectStrip * kProjectStrip * k;
}

/** Columns of a k-row, row-major matrix b (row stride ldb): one block of a product's B. */
template <typename T>
struct Columns {
  const T* b;
  size_t ldb, cols;
};

/** C (m×n, row stride ldc) = A (m×k, lda) · B, all row-major float32, with B packed by avx512::PackProduct. */
struct ProjectArgs {
  const float* a;
  size_t lda;
  const float* packed;
  float* c;
  size_t ldc;
  size_t m, n, k;
};

/** The per-ISA halves of the kernel: the same template compiled twice (attention_avx2.cc, attention_scalar.cc). */
namespace avx2 {
template <typename T>
FusedFailure Tiles(const FusedArgs<T>& args, TileQueue& work);
template <typename T>
void Exp(const T* x, T* out, size_t n);
}  // namespace avx2
namespace avx512 {
template <typename T>
FusedFailure Tiles(const FusedArgs<T>& args, TileQueue& work);
/**
 * Packs B = [blocks[0] | blocks[1] | ...] (k rows; `count` blocks) into `packed` (PackedProductSize(Σ cols, k)
 * entries) as ProjectRows reads it: strips of kProjectStrip columns, k rows each, zero past the last column; strips
 * shared among `threads` threads.
 */
void PackProduct(const Columns<float>* blocks, size_t count, size_t k, float* packed, size_t threads);
/** The product of `args` by AVX-512 micro-kernels on `threads` threads (attention_gemm_avx512.cc). */
void ProjectRows(const ProjectArgs& args, size_t threads);
template <typename T>
void Exp(const T* x, T* out, size_t n);
}  // namespace avx512
namespace scalar {
template <typename T>
FusedFailure Tiles(const FusedArgs<T>& args, TileQueue& work);
template <typename T>
void Exp(const T* x, T* out, size_t n);
}  // namespace scalar

}  // namespace attnsim
