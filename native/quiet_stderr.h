// Silences file descriptor 2 around a noisy library's load (libtensorflow logs through absl before
// anyone can configure it, and TF_CPP_MIN_LOG_LEVEL does not reach those lines).
#pragma once

#include <napi.h>

namespace attnsim {

/** quietStderr(on): true points fd 2 at /dev/null (keeping the old one), false restores it; returns whether it did. */
Napi::Value QuietStderr(const Napi::CallbackInfo& info);

}  // namespace attnsim
