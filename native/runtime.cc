// What BLAS the addon runs on, and its thread count (see runtime.h).
#include "runtime.h"

#include <cblas.h>

#include <string>

#include "check.h"

namespace attnsim {

Napi::Value BlasInfo(const Napi::CallbackInfo& info) {
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("name", std::string(openblas_get_config()));
  out.Set("threads", openblas_get_num_threads());
  return out;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  Args args{info, "setThreads"};
  uint32_t n = Dim(args, 0, "n");
  if (n < 1 || n > 1024) ThrowRange(args, "expected an integer between 1 and 1024 for n but received " + std::to_string(n));
  openblas_set_num_threads(static_cast<int>(n));
  return info.Env().Undefined();
}

}  // namespace attnsim
