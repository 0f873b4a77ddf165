// Argument readers for the addon (see check.h).
#include "check.h"

#include <unistd.h>

#include <cmath>
#include <cstring>
#include <iomanip>
#include <limits>
#include <new>
#include <sstream>
#include <stdexcept>

#include "pin.h"

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
  throw ToError(args.info.Env(), args.fn,
                Failure{Failure::kType, "ERR_ATTNSIM_ARGUMENT", "expected " + what + " for " + name + " but received " +
                                                                    Describe(got)});
}

void ThrowRange(const Args& args, const std::string& message, const char* code) {
  throw ToError(args.info.Env(), args.fn, Failure{Failure::kRange, code, message});
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
  if (!std::isfinite(d)) {
    ThrowRange(args, std::string("expected a finite number for ") + name + " but received " + Describe(v),
               "ERR_ATTNSIM_NON_FINITE");
  }
  return d;
}

template <>
double Scalar<double>(const Args& args, size_t i, const char* name) {
  return Finite(args, i, name);
}

template <>
float Scalar<float>(const Args& args, size_t i, const char* name) {
  double d = Finite(args, i, name);
  if (std::fabs(d) > static_cast<double>(std::numeric_limits<float>::max())) {
    ThrowRange(args,
               std::string("expected a number within the float32 range (magnitude at most 3.4028234663852886e+38)") +
                   " for " + name + " but received " + Describe(args.info[i]),
               "ERR_ATTNSIM_NON_FINITE");
  }
  return static_cast<float>(d);
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
T* Data(const Args& args, size_t i, const char* name, uint64_t need, Role role, uint64_t cols) {
  Napi::Value v = args.info[i];
  napi_typedarray_type type;
  size_t length;
  void* data;
  if (!TypedArrayInfo(args, v, &type, &length, &data) || type != TypeOf<T>()) ThrowType(args, TypeName<T>(), name, v);
  if (length != need) {
    std::ostringstream out;
    out << "expected " << need << " elements in " << name << " but received " << length;
    ThrowRange(args, out.str(), "ERR_ATTNSIM_SHAPE");
  }
  if (reinterpret_cast<uintptr_t>(data) % alignof(T) != 0) {
    ThrowRange(args, std::string("expected ") + name + " to be aligned to its element size");
  }
  const size_t bytes = length * sizeof(T);
  const uintptr_t begin = reinterpret_cast<uintptr_t>(data);
  args.seen.push_back(Seen{name, begin, begin + bytes, role});
  if (args.held == nullptr || bytes == 0) return static_cast<T*>(data);
  Held& held = *args.held;
  T* use = static_cast<T*>(data);
  void* copy = nullptr;
  if (std::shared_ptr<void> pin = Pin(args.info.Env(), v)) {
    held.pins.push_back(std::move(pin));
  } else {
    std::unique_ptr<unsigned char[]> block(new unsigned char[bytes]);
    if (role != Role::kOut) std::memcpy(block.get(), data, bytes);
    copy = block.get();
    use = reinterpret_cast<T*>(copy);
    held.blocks.push_back(std::move(block));
  }
  if (role != Role::kIn) held.outputs.push_back(WriteBack{i, name, data, bytes, copy});
  const DType dtype = sizeof(T) == 4 ? DType::kFloat32 : DType::kFloat64;
  held.values.push_back(Values{name, use, length, static_cast<size_t>(cols), dtype, role});
  return use;
}

template float* Data<float>(const Args&, size_t, const char*, uint64_t, Role, uint64_t);
template double* Data<double>(const Args&, size_t, const char*, uint64_t, Role, uint64_t);

void CheckNoOverlap(const Args& args) {
  for (const Seen& out : args.seen) {
    if (out.role == Role::kIn || out.begin == out.end) continue;
    for (const Seen& other : args.seen) {
      if (&other == &out || other.begin == other.end) continue;
      if (out.begin < other.end && other.begin < out.end) {
        ThrowRange(args, std::string("expected ") + out.name + " to share no memory with " + other.name);
      }
    }
  }
}

uint64_t CheckedMul(const Args& args, uint64_t a, uint64_t b, const char* what) {
  uint64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out) || out > kMaxElements) {
    ThrowRange(args, std::string("the size of ") + what + " does not fit in memory", "ERR_ATTNSIM_TOO_LARGE");
  }
  return out;
}

void CheckWorkMemory(const Args& args, double bytes, const std::string& what) {
  constexpr double kGiB = 1073741824.0;
  const double total = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (total > 0 && bytes > total) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(1) << what << " need " << bytes / kGiB << " GiB, more than this machine's memory ("
        << total / kGiB << " GiB)";
    ThrowRange(args, out.str(), "ERR_ATTNSIM_TOO_LARGE");
  }
}

Napi::Error ToError(Napi::Env env, const char* fn, const Failure& failure) {
  const std::string text = std::string(fn) + ": " + failure.message;
  Napi::Error error = failure.kind == Failure::kType    ? Napi::TypeError::New(env, text)
                      : failure.kind == Failure::kRange ? Napi::RangeError::New(env, text)
                                                        : Napi::Error::New(env, text);
  error.Set("code", Napi::String::New(env, failure.code));
  return error;
}

Failure CurrentFailure() {
  try {
    throw;
  } catch (const Failure& failure) {
    return failure;
  } catch (const std::bad_alloc&) {
    return Failure{Failure::kRange, "ERR_ATTNSIM_TOO_LARGE", "out of memory: a work array could not be allocated"};
  } catch (const std::length_error&) {
    return Failure{Failure::kRange, "ERR_ATTNSIM_TOO_LARGE", "out of memory: a work array is too long to allocate"};
  } catch (const std::exception& e) {
    return Failure{Failure::kError, "ERR_ATTNSIM_BACKEND", std::string("internal error: ") + e.what()};
  } catch (...) {
    return Failure{Failure::kError, "ERR_ATTNSIM_BACKEND", "internal error: an unknown exception"};
  }
}
}  // namespace attnsim
