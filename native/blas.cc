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

/** Below this many multiply-adds a plain loop beats BLAS's dispatch cost (measured on 4×4 to 16×16). */
constexpr long kSmall = 4096;

/** C = alpha·op(A)·op(B) + beta·C by plain loops, accumulating in double, for tiny products. */
template <typename T>
void SmallGemm(bool transA, bool transB, int m, int n, int k, T alpha, const T* a, int lda, const T* b, int ldb,
               T beta, T* c, int ldc) {
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double sum = 0;
      for (int p = 0; p < k; ++p) {
        T x = transA ? a[static_cast<size_t>(p) * lda + i] : a[static_cast<size_t>(i) * lda + p];
        T y = transB ? b[static_cast<size_t>(j) * ldb + p] : b[static_cast<size_t>(p) * ldb + j];
        sum += static_cast<double>(x) * y;
      }
      T& out = c[static_cast<size_t>(i) * ldc + j];
      out = beta == T(0) ? static_cast<T>(alpha * sum) : static_cast<T>(alpha * sum + beta * out);
    }
  }
}

}  // namespace

template <>
void Gemm<float>(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                 int ldb, float beta, float* c, int ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) return ScaleRows(m, n, beta, c, ldc);
  if (static_cast<long>(m) * n * k <= kSmall) return SmallGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  cblas_sgemm(CblasRowMajor, Op(transA), Op(transB), m, n, k, alpha, a, std::max(lda, 1), b, std::max(ldb, 1), beta, c,
              std::max(ldc, 1));
}

template <>
void Gemm<double>(bool transA, bool transB, int m, int n, int k, double alpha, const double* a, int lda,
                  const double* b, int ldb, double beta, double* c, int ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) return ScaleRows(m, n, beta, c, ldc);
  if (static_cast<long>(m) * n * k <= kSmall) return SmallGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  cblas_dgemm(CblasRowMajor, Op(transA), Op(transB), m, n, k, alpha, a, std::max(lda, 1), b, std::max(ldb, 1), beta, c,
              std::max(ldc, 1));
}

}  // namespace attnsim
