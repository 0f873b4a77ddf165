// Test hooks of the fused attention kernel: its exp, and which instruction set it runs on.
#pragma once

#include <napi.h>

#include "async.h"

namespace attnsim {

/** _kernelExp(x, out, simd): out = exp(x) by the attention kernel's exp (the AVX2 polynomial when simd and supported). */
Job ParseKernelExp(const Args& args);

/** _kernelIsa(): 'avx2-fma' or 'scalar', the code path attention takes on this CPU. */
Napi::Value KernelIsa(const Napi::CallbackInfo& info);

}  // namespace attnsim
