// A fast scan for NaN and ±Infinity (see finite.h).
#include "finite.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "check.h"

namespace attnsim {
namespace {

/** The exponent bits of an IEEE float type; a value is NaN or ±Infinity exactly when all are set. */
template <typename T> struct Bits;
template <> struct Bits<float> { using U = uint32_t; static constexpr U kExponent = 0x7f800000u; };
template <> struct Bits<double> { using U = uint64_t; static constexpr U kExponent = 0x7ff0000000000000ull; };

/** Scans blocks with an integer test that vectorises, then finds the first bad index in a failing block. */
template <typename T>
double Scan(const T* x, size_t n) {
  using U = typename Bits<T>::U;
  constexpr U kExp = Bits<T>::kExponent;
  constexpr size_t kBlock = 1024;
  for (size_t start = 0; start < n; start += kBlock) {
    size_t end = std::min(n, start + kBlock);
    U bad = 0;
    for (size_t i = start; i < end; ++i) {
      U u;
      std::memcpy(&u, x + i, sizeof u);
      bad |= static_cast<U>((u & kExp) == kExp);
    }
    if (bad) {
      for (size_t i = start; i < end; ++i) {
        if (!std::isfinite(x[i])) return static_cast<double>(i);
      }
    }
  }
  return -1;
}

}  // namespace

template <typename T>
double FirstNonFiniteIn(const T* x, size_t n) {
  return Scan(x, n);
}

template double FirstNonFiniteIn<float>(const float*, size_t);
template double FirstNonFiniteIn<double>(const double*, size_t);

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
