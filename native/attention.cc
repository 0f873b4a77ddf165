// Direct multi-head scaled dot-product attention (see attention.h).
#include "attention.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

#include "attention_kernel.h"
#include "blas.h"
#include "work_memory.h"

namespace attnsim {
namespace {

/** Sizes of one attention call, read and checked from its arguments. */
struct Dims {
  int n, dIn, dModel, dV, dOut, heads;
  bool causal;
};

template <typename T>
struct Weights {
  const T *x, *wq, *wk, *wv, *wo;
  T* out;
  /** Whether wo was given (explicitly: an empty wo has a null pointer but still projects to dOut columns). */
  bool hasWo;
  /** The weights as PackWeights packs them (from attentionPack), or null to pack them in this call. */
  const T* packed;
};

/** The columns of the fused projection [Q | K | V]. */
size_t Width(const Dims& d) {
  return 2 * static_cast<size_t>(d.dModel) + d.dV;
}

/** Whether Product reads B in strips (float32 on AVX-512), else row-major as BLAS does. */
template <typename T>
bool InStrips() {
  return std::is_same_v<T, float> && HasAvx512();
}

/** Entries of B (k rows, `cols` columns) packed as Product reads it. */
template <typename T>
size_t PackedSize(size_t cols, size_t k) {
  return InStrips<T>() ? PackedProductSize(cols, k) : cols * k;
}

/** Packs B = [blocks side by side] (k rows) as Product reads it (PackedSize(Σ cols, k) entries). */
template <typename T>
void PackBlocks(size_t k, std::initializer_list<Columns<T>> blocks, T* packed) {
  if constexpr (std::is_same_v<T, float>) {
    if (InStrips<T>()) {
      size_t n = 0;
      for (const Columns<T>& b : blocks) n += b.cols;
      return avx512::PackProduct(blocks.begin(), blocks.size(), k, packed, PackThreads(static_cast<double>(n) * k));
    }
  }
  for (size_t i = 0; i < k; ++i) {
    for (const Columns<T>& block : blocks) {
      packed = std::copy(block.b + i * block.ldb, block.b + i * block.ldb + block.cols, packed);
    }
  }
}

/**
 * What a product's multiply-add counts for in KernelThreads: twice a head's. Its output is often fresh memory (the
 * call's own output, when the output pool had none to recycle), whose first write faults in each 4 KiB page, and a
 * second thread shares those faults too. (Dev runs at load 10: (512, 64, 8), whose output projection then takes two
 * threads, took 0.92–0.93 ms against 1.08–1.17 ms in two of three interleaved rounds, the same in the third.)
 */
constexpr double kProductWeight = 2;

/**
 * c (m×n, ldc) = a (m×k, lda) · B, row-major, B packed by PackBlocks: in float32 on AVX-512 by attnsim's own
 * micro-kernels and threads (avx512::ProjectRows), else by BLAS.
 */
template <typename T>
void Product(int m, int n, int k, const T* a, int lda, const T* packed, T* c, int ldc) {
  if constexpr (std::is_same_v<T, float>) {
    if (InStrips<T>()) {
      avx512::ProjectRows({a, static_cast<size_t>(lda), packed, c, static_cast<size_t>(ldc), static_cast<size_t>(m),
                           static_cast<size_t>(n), static_cast<size_t>(k)},
                          KernelThreads(kProductWeight * m * n * k));
      return;
    }
  }
  Gemm<T>(false, false, m, n, k, 1, a, lda, packed, n, 0, c, ldc);
}

/** Entries of the packed weights (PackWeights): the fused projection's [wq | wk | wv], then wo's. */
template <typename T>
size_t PackedWeightsSize(const Dims& d, bool hasWo) {
  return PackedSize<T>(Width(d), d.dIn) + (hasWo ? PackedSize<T>(d.dOut, d.dV) : 0);
}

/** The fused projection's packed [wq | wk | wv] at `packed`, then (with wo) wo's. */
template <typename T>
void PackWeights(const Dims& d, const Weights<T>& w, T* packed) {
  const size_t dModel = d.dModel, dV = d.dV, dOut = d.dOut;
  PackBlocks<T>(d.dIn, {{w.wq, dModel, dModel}, {w.wk, dModel, dModel}, {w.wv, dV, dV}}, packed);
  if (w.hasWo) PackBlocks<T>(d.dV, {{w.wo, dOut, dOut}}, packed + PackedSize<T>(Width(d), d.dIn));
}

/**
 * Entries of Run's own packed weights: none when they come packed, else the larger product's (packed in turn; row-major,
 * wo is its own packed form).
 */
template <typename T>
size_t OwnPackedSize(const Dims& d, bool hasWo, bool prepacked) {
  if (prepacked) return 0;
  return std::max(PackedSize<T>(Width(d), d.dIn), hasWo && InStrips<T>() ? PackedSize<T>(d.dOut, d.dV) : 0);
}

template <typename T>
void Run(const Dims& d, const Weights<T>& w, T scale) {
  const size_t n = d.n, width = Width(d), dModel = d.dModel, dV = d.dV, dOut = d.dOut;
  const int dh = d.dModel / d.heads, dvh = d.dV / d.heads;
  const size_t np = PaddedKeys<T>(n);
  const ValueLayout layout = PackedValueLayout<T>(dvh);
  const size_t ktSize = static_cast<size_t>(d.dModel) * np, vSize = d.heads * layout.Rows(n) * layout.dvp;
  const size_t headsSize = w.hasWo ? n * d.dV : 0, packedSize = OwnPackedSize<T>(d, w.hasWo, w.packed != nullptr);
  // Sizes as WorkBytes counts them (checked against the machine before the job ran).
  WorkMemory memory((n * width + packedSize + ktSize + vSize + headsSize) * sizeof(T));
  T* const qkv = static_cast<T*>(memory.data());
  T* const own = qkv + n * width;
  T* const kt = own + packedSize;
  T* const v = kt + ktSize;
  T* const heads = v + vSize;
  // One product for the three projections: x·[wq | wk | wv].
  const T* packed = w.packed;
  if (packed == nullptr) PackBlocks<T>(d.dIn, {{w.wq, dModel, dModel}, {w.wk, dModel, dModel}, {w.wv, dV, dV}}, own);
  Product<T>(d.n, static_cast<int>(width), d.dIn, w.x, d.dIn, packed ? packed : own, qkv, static_cast<int>(width));
  PackOperands<T>(qkv + d.dModel, width, qkv + 2 * d.dModel, width, d.n, dh, dvh, d.heads, kt, v);
  const FusedFailure bad = FusedAttention<T>({qkv, width, kt, np, v, layout.dvp, layout.group, w.hasWo ? heads : w.out,
                                              static_cast<size_t>(d.dV), d.n, dh, dvh, d.heads, d.causal, scale});
  if (bad.row >= 0) {
    throw Failure{Failure::kRange, "ERR_ATTNSIM_NON_FINITE",
                  "the attention scores overflowed (a score of query row " + std::to_string(bad.row) + " in head " +
                      std::to_string(bad.head) + " is not finite); scale the inputs or the scale down"};
  }
  if (w.hasWo) {
    const T* b = packed ? packed + PackedSize<T>(width, d.dIn) : w.wo;
    if (packed == nullptr && InStrips<T>()) {
      PackBlocks<T>(d.dV, {{w.wo, dOut, dOut}}, own);
      b = own;
    }
    Product<T>(d.n, d.dOut, d.dV, heads, d.dV, b, w.out, d.dOut);
  }
}

void CheckDivides(const Args& args, uint32_t heads, uint32_t size, const char* name) {
  if (heads == 0 || size % heads != 0) {
    ThrowRange(args, "expected heads (" + std::to_string(heads) + ") to be positive and divide " + name + " (" +
                         std::to_string(size) + ")", "ERR_ATTNSIM_SHAPE");
  }
}

/** Heads split dModel and dV, so there are at most max(dModel, dV) of them (1 when both are 0). */
void CheckHeads(const Args& args, uint32_t heads, uint32_t dModel, uint32_t dV) {
  const uint32_t most = std::max({1u, dModel, dV});
  if (heads > most) {
    ThrowRange(args, "expected heads (" + std::to_string(heads) + ") to be at most max(1, dModel, dV) (" +
                         std::to_string(most) + ")", "ERR_ATTNSIM_SHAPE");
  }
}

/** The most tokens one call takes (2^20, as src/linalg/attention.ts): its n² scores already take about an hour. */
constexpr uint32_t kMaxTokens = 1u << 20;

/**
 * Bytes of the work arrays Run allocates: the fused projections, its own packed weights (OwnPackedSize), the packed Kᵀ
 * (keys padded) and V (head columns padded), and the per-head outputs; no n×n scores.
 */
template <typename T>
double WorkBytes(const Dims& d, bool hasWo, bool prepacked) {
  const double n = d.n, np = static_cast<double>(PaddedKeys<T>(d.n)), width = static_cast<double>(Width(d));
  const ValueLayout layout = PackedValueLayout<T>(d.dV / d.heads);
  const double v = static_cast<double>(layout.Rows(d.n)) * static_cast<double>(layout.dvp);
  const double packed = static_cast<double>(OwnPackedSize<T>(d, hasWo, prepacked));
  return (n * width + packed + np * d.dModel + d.heads * v + n * d.dV) * sizeof(T);
}

template <typename T>
Job AttentionJob(const Args& args) {
  uint32_t n = Dim(args, 6, "n"), dIn = Dim(args, 7, "dIn"), dModel = Dim(args, 8, "dModel");
  uint32_t dV = Dim(args, 9, "dV"), dOut = Dim(args, 10, "dOut"), heads = Dim(args, 11, "heads");
  bool causal = Bool(args, 12, "causal");
  T scale = Scalar<T>(args, 13, "scale");
  CheckDivides(args, heads, dModel, "dModel");
  CheckDivides(args, heads, dV, "dV");
  CheckHeads(args, heads, dModel, dV);
  if (n > kMaxTokens) {
    ThrowRange(args, "expected n (" + std::to_string(n) +
                         ") to be at most 1048576 tokens (2^20): its n² attention scores would take hours",
               "ERR_ATTNSIM_TOO_LARGE");
  }
  bool hasWo = !Absent(args, 4);
  if (!hasWo && dOut != dV) {
    ThrowRange(args, "expected dOut (" + std::to_string(dOut) + ") to equal dV (" + std::to_string(dV) +
                         ") when wo is omitted", "ERR_ATTNSIM_SHAPE");
  }
  Weights<T> w{Data<T>(args, 0, "x", CheckedMul(args, n, dIn, "x"), Role::kIn, dIn),
               Data<T>(args, 1, "wq", CheckedMul(args, dIn, dModel, "wq"), Role::kIn, dModel),
               Data<T>(args, 2, "wk", CheckedMul(args, dIn, dModel, "wk"), Role::kIn, dModel),
               Data<T>(args, 3, "wv", CheckedMul(args, dIn, dV, "wv"), Role::kIn, dV),
               hasWo ? Data<T>(args, 4, "wo", CheckedMul(args, dV, dOut, "wo"), Role::kIn, dOut) : nullptr,
               Data<T>(args, 5, "out", CheckedMul(args, n, dOut, "out"), Role::kOut, dOut), hasWo, nullptr};
  Dims d{static_cast<int>(n), static_cast<int>(dIn), static_cast<int>(dModel), static_cast<int>(dV),
         static_cast<int>(dOut), static_cast<int>(heads), causal};
  // Weights packed by attentionPack for these sizes (an attention layer's), read in place of wq, wk, wv and wo.
  if (!Absent(args, 14)) w.packed = Data<T>(args, 14, "packed", PackedWeightsSize<T>(d, hasWo));
  const size_t outSize = static_cast<size_t>(n) * dOut;
  if (outSize == 0) return Job{[] {}};  // nothing to compute: no rows, or no output columns
  if (dV == 0) return Job{[=] { std::fill(w.out, w.out + outSize, T(0)); }};  // no value columns: out = 0
  CheckWorkMemory(args, WorkBytes<T>(d, hasWo, w.packed != nullptr), "the attention's work arrays (Q, K, V and the per-head outputs)");
  return Job{[=] { Run<T>(d, w, scale); }};
}

template <typename T>
Napi::Value PackedWeights(const Args& args) {
  uint32_t dIn = Dim(args, 4, "dIn"), dModel = Dim(args, 5, "dModel"), dV = Dim(args, 6, "dV"), dOut = Dim(args, 7, "dOut");
  bool hasWo = !Absent(args, 3);
  if (!hasWo && dOut != dV) {
    ThrowRange(args, "expected dOut (" + std::to_string(dOut) + ") to equal dV (" + std::to_string(dV) +
                         ") when wo is omitted", "ERR_ATTNSIM_SHAPE");
  }
  Weights<T> w{nullptr,
               Data<T>(args, 0, "wq", CheckedMul(args, dIn, dModel, "wq"), Role::kIn, dModel),
               Data<T>(args, 1, "wk", CheckedMul(args, dIn, dModel, "wk"), Role::kIn, dModel),
               Data<T>(args, 2, "wv", CheckedMul(args, dIn, dV, "wv"), Role::kIn, dV),
               hasWo ? Data<T>(args, 3, "wo", CheckedMul(args, dV, dOut, "wo"), Role::kIn, dOut) : nullptr,
               nullptr, hasWo, nullptr};
  const Dims d{0, static_cast<int>(dIn), static_cast<int>(dModel), static_cast<int>(dV), static_cast<int>(dOut), 1, false};
  const size_t size = PackedWeightsSize<T>(d, hasWo);
  CheckWorkMemory(args, static_cast<double>(size) * sizeof(T), "the packed weights");
  Napi::TypedArrayOf<T> packed = Napi::TypedArrayOf<T>::New(args.info.Env(), size);
  PackWeights<T>(d, w, packed.Data());
  return packed;
}

}  // namespace

Job ParseAttention(const Args& args) {
  return ArrayDType(args, 0, "x") == DType::kFloat32 ? AttentionJob<float>(args) : AttentionJob<double>(args);
}

Napi::Value AttentionPack(const Napi::CallbackInfo& info) {
  Args args{info, "attentionPack"};
  return ArrayDType(args, 0, "wq") == DType::kFloat32 ? PackedWeights<float>(args) : PackedWeights<double>(args);
}

}  // namespace attnsim
