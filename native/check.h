// Argument readers for the addon: every dimension, dtype, length and alignment is verified here,
// before any kernel touches memory. Messages use the same phrasing as src/check.ts.
#pragma once

#if __cplusplus < 201703L
#error "attnsim's addon needs a C++17 compiler (g++ 8 or newer, clang 7 or newer)."
#endif

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace attnsim {

/** The element type of a call: every typed array passed to one kernel call must share it. */
enum class DType { kFloat32, kFloat64 };

/** The arguments of one addon call, with the name of the function for messages. */
struct Args {
  const Napi::CallbackInfo& info;
  const char* fn;
};

/** Throws a TypeError `<fn>: expected <what> for <name> but received <value> (<type>)`. */
[[noreturn]] void ThrowType(const Args& args, const std::string& what, const char* name, const Napi::Value& got);
/** Throws a RangeError with the text `<fn>: <message>`. */
[[noreturn]] void ThrowRange(const Args& args, const std::string& message);

/** Reads argument i as an integer in [0, 2^31 - 1] (a BLAS dimension). */
uint32_t Dim(const Args& args, size_t i, const char* name);
/** Reads argument i as a finite number. */
double Finite(const Args& args, size_t i, const char* name);
/** Reads argument i as a boolean. */
bool Bool(const Args& args, size_t i, const char* name);
/** The dtype of argument i, which must be a Float32Array or a Float64Array. */
DType ArrayDType(const Args& args, size_t i, const char* name);
/** True when argument i is null or undefined (an omitted optional array). */
bool Absent(const Args& args, size_t i);

/**
 * Argument i as a typed array of T holding exactly `need` elements, properly aligned.
 * Throws a TypeError for another dtype and a RangeError for another length.
 */
template <typename T>
T* Data(const Args& args, size_t i, const char* name, uint64_t need);

/** a * b, or a RangeError naming `what` when the product does not fit in 53 bits. */
uint64_t CheckedMul(const Args& args, uint64_t a, uint64_t b, const char* what);

}  // namespace attnsim
