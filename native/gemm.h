// GEMM and strided batched GEMM exports, float32 and float64, sync and async.
#pragma once

#include "async.h"

namespace attnsim {

/**
 * gemm(a, b, c, m, n, k, transA, transB, alpha, beta, fresh?): c = alpha·op(a)·op(b) + beta·c. With `fresh` (c is
 * new memory nobody reads before the async form settles), beta = 0 and alpha ≠ 0, the async form scans a and b for
 * NaN/±Infinity only when the product has one (or is empty): OpenBLAS and the small-product loop multiply every
 * entry, skipping no zero, so a non-finite entry of a or b makes its whole row or column of c non-finite. A bad
 * input is then still refused with its own message, but after c was written.
 */
Job ParseGemm(const Args& args);

/**
 * gemmBatched(a, b, c, batch, m, n, k, transA, transB, alpha, beta, strideA, strideB, strideC):
 * the same for `batch` problems at element strides (a stride of 0 reuses one operand).
 */
Job ParseGemmBatched(const Args& args);

}  // namespace attnsim
