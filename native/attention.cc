// Direct multi-head scaled dot-product attention (see attention.h).
#include "attention.h"

#include <algorithm>
#include <string>
#include <vector>

#include "blas.h"
#include "softmax.h"

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
  const size_t n = d.n;
  std::vector<T> q(n * d.dModel), k(n * d.dModel), v(n * d.dV), scores(n * n), heads(n * d.dV);
  Gemm<T>(false, false, d.n, d.dModel, d.dIn, 1, w.x, d.dIn, w.wq, d.dModel, 0, q.data(), d.dModel);
  Gemm<T>(false, false, d.n, d.dModel, d.dIn, 1, w.x, d.dIn, w.wk, d.dModel, 0, k.data(), d.dModel);
  Gemm<T>(false, false, d.n, d.dV, d.dIn, 1, w.x, d.dIn, w.wv, d.dV, 0, v.data(), d.dV);
  const int dh = d.dModel / d.heads, dvh = d.dV / d.heads;
  for (int h = 0; h < d.heads; ++h) {
    Gemm<T>(false, true, d.n, d.n, dh, scale, q.data() + h * dh, d.dModel, k.data() + h * dh, d.dModel, 0,
            scores.data(), d.n);
    for (size_t i = 0; i < n; ++i) {
      T* row = scores.data() + i * n;
      size_t visible = d.causal ? i + 1 : n;
      if (!SoftmaxRow<T>(row, row, visible)) {
        throw Failure{Failure::kRange, "ERR_ATTNSIM_NON_FINITE",
                      "the attention scores overflowed (a score of query row " + std::to_string(i) + " in head " +
                          std::to_string(h) + " is not finite); scale the inputs or the scale down"};
      }
      std::fill(row + visible, row + n, T(0));
    }
    Gemm<T>(false, false, d.n, dvh, d.n, 1, scores.data(), d.n, v.data() + h * dvh, d.dV, 0, heads.data() + h * dvh,
            d.dV);
  }
  if (!w.hasWo) {
    std::copy(heads.begin(), heads.end(), w.out);
  } else {
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

/** Bytes of the work arrays Run allocates: Q, K, V, the per-head outputs and one n×n score matrix. */
template <typename T>
double WorkBytes(const Dims& d) {
  const double n = d.n;
  return (2 * n * d.dModel + 2 * n * d.dV + n * n) * sizeof(T);
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
  CheckedMul(args, n, n, "the score matrix");
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
  if (dV == 0) return Job{[=] { std::fill(w.out, w.out + outSize, T(0)); }};  // no value columns: out = 0
  CheckWorkMemory(args, WorkBytes<T>(d), "the attention's work arrays (Q, K, V and the n×n scores)");
  return Job{[=] { Run<T>(d, w, scale); }};
}

}  // namespace

Job ParseAttention(const Args& args) {
  return ArrayDType(args, 0, "x") == DType::kFloat32 ? AttentionJob<float>(args) : AttentionJob<double>(args);
}

}  // namespace attnsim
