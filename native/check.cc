// Argument readers for the addon (see check.h).
#include "check.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace attnsim {
namespace {

constexpr uint64_t kMaxDim = 2147483647ULL;         // BLAS takes int dimensions
constexpr uint64_t kMaxElements = 9007199254740991ULL;  // Number.MAX_SAFE_INTEGER

std::string Describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined (undefined)";
  if (v.IsNull()) return "null (object)";
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (std::isnan(d)) return "NaN (number)";
    if (std::isinf(d)) return d > 0 ? "Infinity (number)" : "-Infinity (number)";
    std::ostringstream out;
    out << d << " (number)";
    return out.str();
  }
  if (v.IsBoolean()) return std::string(v.As<Napi::Boolean>().Value() ? "true" : "false") + " (boolean)";
  if (v.IsString()) return "'" + v.As<Napi::String>().Utf8Value() + "' (string)";
  if (v.IsTypedArray()) {
    switch (v.As<Napi::TypedArray>().TypedArrayType()) {
      case napi_float32_array: return "a Float32Array (object)";
      case napi_float64_array: return "a Float64Array (object)";
      default: return "another typed array (object)";
    }
  }
  if (v.IsArray()) return "an array (object)";
  if (v.IsFunction()) return "a function (function)";
  return "an object (object)";
}

template <typename T> napi_typedarray_type TypeOf();
template <> napi_typedarray_type TypeOf<float>() { return napi_float32_array; }
template <> napi_typedarray_type TypeOf<double>() { return napi_float64_array; }
template <typename T> const char* TypeName();
template <> const char* TypeName<float>() { return "a Float32Array"; }
template <> const char* TypeName<double>() { return "a Float64Array"; }

}  // namespace

void ThrowType(const Args& args, const std::string& what, const char* name, const Napi::Value& got) {
  throw Napi::TypeError::New(args.info.Env(), std::string(args.fn) + ": expected " + what + " for " + name +
                                                  " but received " + Describe(got));
}

void ThrowRange(const Args& args, const std::string& message) {
  throw Napi::RangeError::New(args.info.Env(), std::string(args.fn) + ": " + message);
}

uint32_t Dim(const Args& args, size_t i, const char* name) {
  Napi::Value v = args.info[i];
  if (!v.IsNumber()) ThrowType(args, "an integer", name, v);
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0 && d <= static_cast<double>(kMaxDim)) || std::floor(d) != d) {
    std::ostringstream out;
    out << "expected an integer between 0 and " << kMaxDim << " for " << name << " but received " << Describe(v);
    ThrowRange(args, out.str());
  }
  return static_cast<uint32_t>(d);
}

double Finite(const Args& args, size_t i, const char* name) {
  Napi::Value v = args.info[i];
  if (!v.IsNumber()) ThrowType(args, "a finite number", name, v);
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d)) ThrowRange(args, std::string("expected a finite number for ") + name + " but received " + Describe(v));
  return d;
}

bool Bool(const Args& args, size_t i, const char* name) {
  Napi::Value v = args.info[i];
  if (!v.IsBoolean()) ThrowType(args, "a boolean", name, v);
  return v.As<Napi::Boolean>().Value();
}

bool Absent(const Args& args, size_t i) {
  Napi::Value v = args.info[i];
  return v.IsNull() || v.IsUndefined();
}

namespace {

/** One N-API call for a typed array's type, length and data; false when v is not a typed array. */
bool TypedArrayInfo(const Args& args, const Napi::Value& v, napi_typedarray_type* type, size_t* length, void** data) {
  napi_value buffer;
  size_t offset;
  return napi_get_typedarray_info(args.info.Env(), v, type, length, data, &buffer, &offset) == napi_ok;
}

}  // namespace

DType ArrayDType(const Args& args, size_t i, const char* name) {
  Napi::Value v = args.info[i];
  napi_typedarray_type type;
  size_t length;
  void* data;
  if (TypedArrayInfo(args, v, &type, &length, &data)) {
    if (type == napi_float32_array) return DType::kFloat32;
    if (type == napi_float64_array) return DType::kFloat64;
  }
  ThrowType(args, "a Float32Array or Float64Array", name, v);
}

template <typename T>
T* Data(const Args& args, size_t i, const char* name, uint64_t need) {
  Napi::Value v = args.info[i];
  napi_typedarray_type type;
  size_t length;
  void* data;
  if (!TypedArrayInfo(args, v, &type, &length, &data) || type != TypeOf<T>()) ThrowType(args, TypeName<T>(), name, v);
  if (length != need) {
    std::ostringstream out;
    out << "expected " << need << " elements in " << name << " but received " << length;
    ThrowRange(args, out.str());
  }
  if (reinterpret_cast<uintptr_t>(data) % alignof(T) != 0) {
    ThrowRange(args, std::string("expected ") + name + " to be aligned to its element size");
  }
  return static_cast<T*>(data);
}

template float* Data<float>(const Args&, size_t, const char*, uint64_t);
template double* Data<double>(const Args&, size_t, const char*, uint64_t);

uint64_t CheckedMul(const Args& args, uint64_t a, uint64_t b, const char* what) {
  uint64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out) || out > kMaxElements) {
    ThrowRange(args, std::string("the size of ") + what + " does not fit in memory");
  }
  return out;
}

}  // namespace attnsim
