// GEMM and strided batched GEMM exports, float32 and float64, sync and async.
#pragma once

#include "async.h"

namespace attnsim {

/** gemm(a, b, c, m, n, k, transA, transB, alpha, beta): c = alpha·op(a)·op(b) + beta·c. */
Job ParseGemm(const Args& args);

/**
 * gemmBatched(a, b, c, batch, m, n, k, transA, transB, alpha, beta, strideA, strideB, strideC):
 * the same for `batch` problems at element strides (a stride of 0 reuses one operand).
 */
Job ParseGemmBatched(const Args& args);

}  // namespace attnsim
