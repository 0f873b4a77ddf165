// Argument readers for the addon: every dimension, dtype, length, alignment and overlap is verified
// here, before any kernel touches memory. Messages use the same phrasing as src/check.ts, and every
// error carries a `code` (ERR_ATTNSIM_...), as the errors of the TypeScript layer do.
#pragma once

#if __cplusplus < 201703L
#error "attnsim's addon needs a C++17 compiler (g++ 8 or newer, clang 7 or newer)."
#endif
#ifndef NAPI_CPP_EXCEPTIONS
#error "attnsim's addon needs NAPI_CPP_EXCEPTIONS (C++ exceptions on); both builds define it."
#endif

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace attnsim {

/** The element type of a call: every typed array passed to one kernel call must share it. */
enum class DType { kFloat32, kFloat64 };

/** How a kernel uses a typed array argument: outputs must not overlap any other argument. */
enum class Role { kIn, kOut, kInOut };

/** A failure with a code, thrown anywhere in the addon and turned into a JavaScript error at the boundary. */
struct Failure {
  enum Kind { kType, kRange, kError } kind;
  std::string code;
  /** The message without the function name, which the boundary puts in front. */
  std::string message;
};

/** An output of an async call, verified (and, when it was copied, written back) on the main thread once the work is done. */
struct WriteBack {
  size_t arg;
  const char* name;
  /** Where the array's memory began when the call started: it must still be there, as long, when the call ends. */
  const void* data;
  size_t bytes;
  /** The native copy the worker wrote, or null when it wrote into the array's own (pinned) memory. */
  void* copy;
};

/** An array whose values an async call checks on its worker thread: inputs before the kernel runs, outputs after. */
struct Values {
  const char* name;
  const void* data;
  size_t count;
  /** Columns per row, for the position in messages ([row, column]); 0 for a flat index. */
  size_t cols;
  DType dtype;
  Role role;
};

/**
 * What an async call holds for its worker thread. Each array's memory is pinned (its V8 BackingStore is held, so
 * it outlives a detach or a transfer of its buffer) or, where that is not possible (an addon built without V8's
 * headers, a resizable or growable buffer), copied into native memory that is written back at the end.
 */
struct Held {
  std::vector<std::shared_ptr<void>> pins;
  std::vector<std::unique_ptr<unsigned char[]>> blocks;
  std::vector<WriteBack> outputs;
  std::vector<Values> values;
};

/** One typed array a call has read, as the overlap check sees it. */
struct Seen {
  const char* name;
  uintptr_t begin, end;
  Role role;
};

/** The arguments of one addon call, with the name of the function for messages. */
struct Args {
  const Napi::CallbackInfo& info;
  const char* fn;
  /** What the async form holds for its worker; null for the sync form, which uses the arrays in place. */
  Held* held = nullptr;
  /** Every typed array read so far, for CheckNoOverlap. */
  mutable std::vector<Seen> seen = {};
};

/** Throws a TypeError `<fn>: expected <what> for <name> but received <value> (<type>)`, code ERR_ATTNSIM_ARGUMENT. */
[[noreturn]] void ThrowType(const Args& args, const std::string& what, const char* name, const Napi::Value& got);
/** Throws a RangeError with the text `<fn>: <message>` and the given code. */
[[noreturn]] void ThrowRange(const Args& args, const std::string& message, const char* code = "ERR_ATTNSIM_ARGUMENT");

/** Reads argument i as an integer in [0, 2^31 - 1] (a BLAS dimension). */
uint32_t Dim(const Args& args, size_t i, const char* name);
/** Reads argument i as a finite number. */
double Finite(const Args& args, size_t i, const char* name);
/** Reads argument i as a finite number that T represents without overflow (float32: |x| ≤ 3.4028234663852886e38). */
template <typename T>
T Scalar(const Args& args, size_t i, const char* name);
/** Reads argument i as a boolean. */
bool Bool(const Args& args, size_t i, const char* name);
/** The dtype of argument i, which must be a Float32Array or a Float64Array. */
DType ArrayDType(const Args& args, size_t i, const char* name);
/** True when argument i is null or undefined (an omitted optional array). */
bool Absent(const Args& args, size_t i);

/**
 * Argument i as a typed array of T holding exactly `need` elements, properly aligned; recorded for
 * CheckNoOverlap. In the async form its memory is pinned (or copied, see Held) and its values are checked on the
 * worker thread, positions given as [row, column] for rows of `cols` (a flat index when cols is 0).
 * Throws a TypeError for another dtype and a RangeError for another length.
 */
template <typename T>
T* Data(const Args& args, size_t i, const char* name, uint64_t need, Role role = Role::kIn, uint64_t cols = 0);

/** Throws a RangeError when an output read by Data shares memory with any other array of the call. */
void CheckNoOverlap(const Args& args);

/** a * b, or a RangeError naming `what` when the product does not fit in 53 bits. */
uint64_t CheckedMul(const Args& args, uint64_t a, uint64_t b, const char* what);

/** Throws a RangeError (ERR_ATTNSIM_TOO_LARGE) when work arrays of `bytes` exceed this machine's memory. */
void CheckWorkMemory(const Args& args, double bytes, const std::string& what);

/** The JavaScript error for a failure of `fn` (a TypeError, RangeError or Error with `code`). */
Napi::Error ToError(Napi::Env env, const char* fn, const Failure& failure);
/** The failure an exception in flight stands for: bad_alloc is ERR_ATTNSIM_TOO_LARGE. Call inside a catch. */
Failure CurrentFailure();

}  // namespace attnsim
