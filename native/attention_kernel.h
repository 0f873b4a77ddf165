// Fused multi-head attention per head and row tile (flash-attention style): scores, running max,
// exponentials, sums and the weighted V in one pass over key blocks, never an n×n score matrix.
#pragma once

#include <cstddef>

namespace attnsim {

/** Score columns per vector step: two 256-bit registers of T (16 floats, 8 doubles). */
template <typename T>
constexpr size_t kScoreWidth = 64 / sizeof(T);
/** V columns per vector step: one 256-bit register of T. */
template <typename T>
constexpr size_t kValueWidth = 32 / sizeof(T);

/**
 * The projected operands of one attention call, laid out for the fused kernel.
 * q: n×dModel (ldq); kt: Kᵀ, dModel×np with np = n rounded up to kScoreWidth and zero columns after n;
 * v: V, np rows of ldv = dV, then at least kValueWidth zeros; heads: the n×dV output (ldo).
 */
template <typename T>
struct FusedArgs {
  const T* q;
  size_t ldq;
  const T* kt;
  size_t np;
  const T* v;
  size_t ldv;
  T* heads;
  size_t ldo;
  int n, dh, dvh, heads_count;
  bool causal;
  T scale;
};

/** n rounded up to kScoreWidth<T>: the columns of the padded Kᵀ. */
template <typename T>
constexpr size_t PaddedKeys(size_t n) {
  return (n + kScoreWidth<T> - 1) / kScoreWidth<T> * kScoreWidth<T>;
}

/** The first (head, then query row) whose scores were not finite, or row = −1 when all were. */
struct FusedFailure {
  int head = -1;
  int row = -1;
};

/** Rows of queries one tile handles. */
constexpr int kTileRows = 4;

/**
 * heads = concat_h(softmax(scale·Q_h·K_hᵀ [causal])·V_h), on the threads BLAS is allowed (AVX2/FMA when present).
 * Returns where a score overflowed (then the output is not meaningful), or row −1.
 */
template <typename T>
FusedFailure FusedAttention(const FusedArgs<T>& args);

/** out[i] = exp(x[i]) with the kernel's exponential: the AVX2/FMA polynomial when `simd` and supported, else std::exp. */
template <typename T>
void KernelExp(const T* x, T* out, size_t n, bool simd);

/** True when this CPU runs the AVX2/FMA kernels (checked once at run time). */
bool HasAvx2Fma();

/** The per-ISA halves of the kernel: the same template compiled twice (attention_avx2.cc, attention_scalar.cc). */
namespace avx2 {
template <typename T>
FusedFailure Tiles(const FusedArgs<T>& args, size_t first, size_t step);
template <typename T>
void Exp(const T* x, T* out, size_t n);
}  // namespace avx2
namespace scalar {
template <typename T>
FusedFailure Tiles(const FusedArgs<T>& args, size_t first, size_t step);
template <typename T>
void Exp(const T* x, T* out, size_t n);
}  // namespace scalar

}  // namespace attnsim
