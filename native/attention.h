// Direct multi-head scaled dot-product attention, built on GEMM and the row softmax.
#pragma once

#include "async.h"

namespace attnsim {

/**
 * attention(x, wq, wk, wv, wo | null, out, n, dIn, dModel, dV, dOut, heads, causal, scale, packed?):
 * out = concat_h(softmax(scale·Q_h·K_hᵀ [causal: keys after the query removed])·V_h)·Wo, where
 * Q = x·wq and K = x·wk are n×dModel, V = x·wv is n×dV, and heads split dModel and dV evenly.
 * wo is null (or undefined) for no projection, an explicit choice: an empty wo (dV×0 or 0×dOut) is a
 * projection. Scores that overflow fail with ERR_ATTNSIM_NON_FINITE. `packed` (from attentionPack on the same weights and
 * sizes) is read in place of the weights when given.
 */
Job ParseAttention(const Args& args);

/**
 * attentionPack(wq, wk, wv, wo | null, dIn, dModel, dV, dOut): a new typed array of the weights' dtype holding them as
 * attention reads them (the fused [wq | wk | wv], then wo; in strips with AVX-512 in float32), for attention's last
 * argument `packed`, which then skips packing them per call (an attention layer's weights do not change).
 */
Napi::Value AttentionPack(const Napi::CallbackInfo& info);

}  // namespace attnsim
