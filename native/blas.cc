// Typed wrappers over CBLAS GEMM (see blas.h).
#include "blas.h"

#include <algorithm>

namespace attnsim {
namespace {

template <typename T>
void ScaleRows(int m, int n, T beta, T* c, int ldc) {
  for (int i = 0; i < m; ++i) {
    T* row = c + static_cast<size_t>(i) * ldc;
    if (beta == T(0)) {
      std::fill(row, row + n, T(0));
    } else {
      for (int j = 0; j < n; ++j) row[j] *= beta;
    }
  }
}

CBLAS_TRANSPOSE Op(bool trans) { return trans ? CblasTrans : CblasNoTrans; }

}  // namespace

template <>
void Gemm<float>(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                 int ldb, float beta, float* c, int ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) return ScaleRows(m, n, beta, c, ldc);
  cblas_sgemm(CblasRowMajor, Op(transA), Op(transB), m, n, k, alpha, a, std::max(lda, 1), b, std::max(ldb, 1), beta, c,
              std::max(ldc, 1));
}

template <>
void Gemm<double>(bool transA, bool transB, int m, int n, int k, double alpha, const double* a, int lda,
                  const double* b, int ldb, double beta, double* c, int ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) return ScaleRows(m, n, beta, c, ldc);
  cblas_dgemm(CblasRowMajor, Op(transA), Op(transB), m, n, k, alpha, a, std::max(lda, 1), b, std::max(ldb, 1), beta, c,
              std::max(ldc, 1));
}

}  // namespace attnsim
