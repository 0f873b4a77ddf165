// Typed wrappers over CBLAS GEMM (row-major), shared by every kernel that multiplies matrices.
#pragma once

#include <cblas.h>

#include <cstddef>

namespace attnsim {

/** C = alpha·op(A)·op(B) + beta·C, row-major, with leading dimensions; k = 0 just scales C. */
template <typename T>
void Gemm(bool transA, bool transB, int m, int n, int k, T alpha, const T* a, int lda, const T* b, int ldb, T beta,
          T* c, int ldc);

}  // namespace attnsim
