// The one pattern every kernel follows: parse and validate on the main thread into a Job, then run
// the Job now (sync form) or on the libuv pool (async form, a Promise: the arrays' memory is held, not
// copied, and their values are checked on the worker thread). Every export goes through Guard, so no
// C++ exception (std::bad_alloc included) ever leaves the addon uncaught or uncoded.
#pragma once

#include <napi.h>

#include <functional>
#include <memory>
#include <utility>

#include "check.h"

namespace attnsim {

/** A validated call: the work to run, with raw pointers into the call's arrays (or their native copies). */
struct Job {
  std::function<void()> run;
  /** How the async form's value check names a non-finite output in its message, and what it advises. */
  const char* result = "the output";
  const char* advice = "scale the inputs down";
  /**
   * Whether the async form may check the inputs' values after the kernel, and only when an output is non-finite or
   * empty: true for a kernel that carries any NaN or ±Infinity input into its outputs, writing outputs that nobody
   * sees before the call settles (a fresh product; see gemm.h). The sync matmul defers its scan the same way.
   */
  bool inputsAfter = false;
};

/** Parses a call; throws a JavaScript error for any bad argument. */
using Parser = Job (*)(const Args& args);

/** A plain export, before Guard. */
using Export = Napi::Value (*)(const Napi::CallbackInfo& info);

/** Wraps an export: a Napi::Error passes through, any other exception becomes a coded error of `name`. */
template <Export f, const char* name>
Napi::Value Guard(const Napi::CallbackInfo& info) {
  try {
    return f(info);
  } catch (const Napi::Error&) {
    throw;
  } catch (...) {
    throw ToError(info.Env(), name, CurrentFailure());
  }
}

/**
 * Starts `job` on the libuv pool: the worker refuses non-finite input values (ERR_ATTNSIM_NON_FINITE, naming the
 * array and position), runs the job, then refuses a non-finite output the same way. The Promise settles on the main
 * thread once every output is verified still attached (and copies are written back).
 */
napi_value StartJob(const Napi::CallbackInfo& info, const char* name, Job job, std::unique_ptr<Held> held);

/** The synchronous export of a kernel. */
template <Parser parse, const char* name>
Napi::Value SyncImpl(const Napi::CallbackInfo& info) {
  Args args{info, name};
  Job job = parse(args);
  CheckNoOverlap(args);
  job.run();
  return info.Env().Undefined();
}

/** The asynchronous export of a kernel: validation throws at once, the work (on held memory) resolves a Promise. */
template <Parser parse, const char* name>
Napi::Value AsyncImpl(const Napi::CallbackInfo& info) {
  auto held = std::make_unique<Held>();
  Args args{info, name, held.get()};
  Job job = parse(args);
  CheckNoOverlap(args);
  return Napi::Value(info.Env(), StartJob(info, name, std::move(job), std::move(held)));
}

template <Parser parse, const char* name>
constexpr Export Sync = Guard<SyncImpl<parse, name>, name>;

template <Parser parse, const char* name>
constexpr Export Async = Guard<AsyncImpl<parse, name>, name>;

}  // namespace attnsim
