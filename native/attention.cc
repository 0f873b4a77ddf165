// Direct multi-head scaled dot-product attention (see attention.h).
#include "attention.h"

#include <algorithm>
#include <string>
#include <vector>

#include "attention_kernel.h"
#include "blas.h"

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
};

template <typename T>
void Run(const Dims& d, const Weights<T>& w, T scale) {
  const size_t n = d.n, np = PaddedKeys<T>(n);
  std::vector<T> q(n * d.dModel), kt(d.dModel * np), v(n * d.dV + kValueWidth<T>);
  Gemm<T>(false, false, d.n, d.dModel, d.dIn, 1, w.x, d.dIn, w.wq, d.dModel, 0, q.data(), d.dModel);
  Gemm<T>(true, true, d.dModel, d.n, d.dIn, 1, w.wk, d.dModel, w.x, d.dIn, 0, kt.data(), static_cast<int>(np));
  Gemm<T>(false, false, d.n, d.dV, d.dIn, 1, w.x, d.dIn, w.wv, d.dV, 0, v.data(), d.dV);
  std::vector<T> heads(w.hasWo ? n * d.dV : 0);
  const FusedFailure bad = FusedAttention<T>({q.data(), static_cast<size_t>(d.dModel), kt.data(), np, v.data(),
                                              static_cast<size_t>(d.dV), w.hasWo ? heads.data() : w.out,
                                              static_cast<size_t>(d.dV), d.n, d.dModel / d.heads, d.dV / d.heads,
                                              d.heads, d.causal, scale});
  if (bad.row >= 0) {
    throw Failure{Failure::kRange, "ERR_ATTNSIM_NON_FINITE",
                  "the attention scores overflowed (a score of query row " + std::to_string(bad.row) + " in head " +
                      std::to_string(bad.head) + " is not finite); scale the inputs or the scale down"};
  }
  if (w.hasWo) {
    Gemm<T>(false, false, d.n, d.dOut, d.dV, 1, heads.data(), d.dV, w.wo, d.dOut, 0, w.out, d.dOut);
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

/** Bytes of the work arrays Run allocates: Q, Kᵀ (keys padded), V and the per-head outputs; no n×n scores. */
template <typename T>
double WorkBytes(const Dims& d) {
  const double n = d.n, np = static_cast<double>(PaddedKeys<T>(d.n));
  return (n * d.dModel + np * d.dModel + 2 * n * d.dV + kValueWidth<T>) * sizeof(T);
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
  Weights<T> w{Data<T>(args, 0, "x", CheckedMul(args, n, dIn, "x")),
               Data<T>(args, 1, "wq", CheckedMul(args, dIn, dModel, "wq")),
               Data<T>(args, 2, "wk", CheckedMul(args, dIn, dModel, "wk")),
               Data<T>(args, 3, "wv", CheckedMul(args, dIn, dV, "wv")),
               hasWo ? Data<T>(args, 4, "wo", CheckedMul(args, dV, dOut, "wo")) : nullptr,
               Data<T>(args, 5, "out", CheckedMul(args, n, dOut, "out"), Role::kOut), hasWo};
  Dims d{static_cast<int>(n), static_cast<int>(dIn), static_cast<int>(dModel), static_cast<int>(dV),
         static_cast<int>(dOut), static_cast<int>(heads), causal};
  const size_t outSize = static_cast<size_t>(n) * dOut;
  if (outSize == 0) return Job{[] {}};  // nothing to compute: no rows, or no output columns
  if (dV == 0) return Job{[=] { std::fill(w.out, w.out + outSize, T(0)); }};  // no value columns: out = 0
  CheckWorkMemory(args, WorkBytes<T>(d), "the attention's work arrays (Q, K, V and the per-head outputs)");
  return Job{[=] { Run<T>(d, w, scale); }};
}

}  // namespace

Job ParseAttention(const Args& args) {
  return ArrayDType(args, 0, "x") == DType::kFloat32 ? AttentionJob<float>(args) : AttentionJob<double>(args);
}

}  // namespace attnsim
