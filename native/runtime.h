// What BLAS the addon runs on, and its thread count.
#pragma once

#include <napi.h>

namespace attnsim {

/** blasInfo(): { name: string, threads: number } from OpenBLAS's own report. */
Napi::Value BlasInfo(const Napi::CallbackInfo& info);
/** setThreads(n): the number of threads OpenBLAS uses from now on (1 to 1024). */
Napi::Value SetThreads(const Napi::CallbackInfo& info);

}  // namespace attnsim
