// A fast scan for NaN and ±Infinity (see finite.h).
#include "finite.h"

#include <cmath>
#include <cstddef>

#include "check.h"

namespace attnsim {
namespace {

/** Scans in blocks whose sum of x·0 is 0 exactly when every x is finite (the block loop vectorises). */
template <typename T>
double Scan(const T* x, size_t n) {
  constexpr size_t kBlock = 1024;
  for (size_t start = 0; start < n; start += kBlock) {
    size_t end = start + kBlock < n ? start + kBlock : n;
    T acc = 0;
    for (size_t i = start; i < end; ++i) acc += x[i] * T(0);
    if (acc != T(0)) {
      for (size_t i = start; i < end; ++i) {
        if (!std::isfinite(x[i])) return static_cast<double>(i);
      }
    }
  }
  return -1;
}

}  // namespace

Napi::Value FirstNonFinite(const Napi::CallbackInfo& info) {
  Args args{info, "firstNonFinite"};
  if (ArrayDType(args, 0, "x") == DType::kFloat32) {
    auto x = info[0].As<Napi::TypedArrayOf<float>>();
    return Napi::Number::New(info.Env(), Scan(x.Data(), x.ElementLength()));
  }
  auto x = info[0].As<Napi::TypedArrayOf<double>>();
  return Napi::Number::New(info.Env(), Scan(x.Data(), x.ElementLength()));
}

}  // namespace attnsim
