// Direct multi-head scaled dot-product attention, built on GEMM and the row softmax.
#pragma once

#include "async.h"

namespace attnsim {

/**
 * attention(x, wq, wk, wv, wo | null, out, n, dIn, dModel, dV, dOut, heads, causal, scale):
 * out = concat_h(softmax(scale·Q_h·K_hᵀ [causal: keys after the query removed])·V_h)·Wo, where
 * Q = x·wq and K = x·wk are n×dModel, V = x·wv is n×dV, and heads split dModel and dV evenly.
 * wo is null (or undefined) for no projection, an explicit choice: an empty wo (dV×0 or 0×dOut) is a
 * projection. Scores that overflow fail with ERR_ATTNSIM_NON_FINITE.
 */
Job ParseAttention(const Args& args);

}  // namespace attnsim
