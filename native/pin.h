// Holding a typed array's memory for an async call, so that a detach or transfer of its buffer cannot free it.
#pragma once

#include <napi.h>

#include <memory>

namespace attnsim {

/**
 * The memory of typed array `value`, kept alive while the returned pointer lives (it holds the buffer's V8
 * BackingStore, which a detach or a transfer to another thread hands on but does not free). Null where the memory
 * cannot be held that way: an addon built without V8's headers, another Node.js major at run time, or a resizable
 * or growable buffer (whose pages a resize may release); the caller then copies the array.
 */
std::shared_ptr<void> Pin(napi_env env, napi_value value);

}  // namespace attnsim
