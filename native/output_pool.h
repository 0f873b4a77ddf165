// Fresh outputs from recycled memory: a new product's pages are already mapped, so it does not pay a page
// fault per 4 KiB on every call (plain matmul at 1024 float32 lost ~12% of its time to those faults).
#pragma once

#include <napi.h>

namespace attnsim {

/**
 * allocOutput(bytes): an ArrayBuffer of `bytes` (1 to 2^36) uninitialised bytes, recycled from outputs V8 has
 * collected; V8 hands the memory back as it frees the buffer (during GC, on any thread), so a synchronous loop of
 * calls reuses it. At most 64 MiB is kept idle (the oldest blocks, of any size, are freed first). A new block of
 * 2 MiB or more is made of whole huge pages, advised as such on Linux, so that a miss costs a fault per 2 MiB rather
 * than per 4 KiB when it is first written. Returns undefined
 * where the runtime forbids external memory (a V8 sandbox): the caller then allocates as usual.
 */
Napi::Value AllocOutput(const Napi::CallbackInfo& info);

}  // namespace attnsim
