// The async form's worker (see async.h): checks the inputs' values, runs a Job on the arrays' held memory, checks
// the outputs' values, then on the main thread verifies each output array is still attached and as long (writing
// back the rare copy), and never throws from a callback (when the environment is being torn down, e.g. a
// terminated Worker, it only frees what it holds).
#include "async.h"

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "finite.h"

namespace attnsim {
namespace {

/** One queued call: the job, what it holds, a reference to each output array and the Promise to settle. */
struct Work {
  const char* name;
  Job job;
  std::unique_ptr<Held> held;
  std::vector<napi_ref> outputs;
  napi_deferred deferred = nullptr;
  napi_async_work work = nullptr;
  bool failed = false;
  Failure failure{Failure::kError, "", ""};
};

/** `[row, column]` of entry i in rows of `cols` (a flat index when cols is 0). */
std::string Position(size_t i, size_t cols) {
  if (cols == 0) return std::to_string(i);
  return "[" + std::to_string(i / cols) + ", " + std::to_string(i % cols) + "]";
}

/** The value at a non-finite entry as JavaScript prints it. */
template <typename T>
const char* Printed(T x) {
  return std::isnan(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
}

/** The first non-finite entry of `v`, or -1. */
double FirstBad(const Values& v) {
  return v.dtype == DType::kFloat32 ? FirstNonFiniteIn(static_cast<const float*>(v.data), v.count)
                                    : FirstNonFiniteIn(static_cast<const double*>(v.data), v.count);
}

/** The value at a non-finite entry of `v`, printed. */
const char* PrintedAt(const Values& v, size_t i) {
  return v.dtype == DType::kFloat32 ? Printed(static_cast<const float*>(v.data)[i])
                                    : Printed(static_cast<const double*>(v.data)[i]);
}

/** Throws ERR_ATTNSIM_NON_FINITE for the first read array (in argument order) holding NaN or ±Infinity. */
void CheckInputs(const Held& held) {
  for (const Values& v : held.values) {
    if (v.role == Role::kOut) continue;
    const double bad = FirstBad(v);
    if (bad < 0) continue;
    const size_t i = static_cast<size_t>(bad);
    throw Failure{Failure::kRange, "ERR_ATTNSIM_NON_FINITE",
                  std::string("expected finite values in ") + v.name + " but received " + PrintedAt(v, i) + " at " +
                      Position(i, v.cols)};
  }
}

/** Whether an output holds NaN or ±Infinity, or every output is empty (so that it shows nothing of the inputs). */
bool OutputsHideInputs(const Held& held) {
  bool empty = true;
  for (const Values& v : held.values) {
    if (v.role == Role::kIn) continue;
    if (v.count > 0) empty = false;
    if (FirstBad(v) >= 0) return true;
  }
  return empty;
}

/** Throws ERR_ATTNSIM_NON_FINITE when an output overflowed, in the job's words. */
void CheckOutputs(const Held& held, const Job& job) {
  for (const Values& v : held.values) {
    if (v.role == Role::kIn) continue;
    const double bad = FirstBad(v);
    if (bad < 0) continue;
    const char* range = v.dtype == DType::kFloat32 ? "float32" : "float64";
    throw Failure{Failure::kRange, "ERR_ATTNSIM_NON_FINITE",
                  std::string(job.result) + " overflowed the " + range + " range at " +
                      Position(static_cast<size_t>(bad), v.cols) + "; " + job.advice};
  }
}

void Execute(napi_env, void* data) {
  Work* w = static_cast<Work*>(data);
  try {
    if (!w->job.inputsAfter) CheckInputs(*w->held);
    w->job.run();
    if (w->job.inputsAfter && OutputsHideInputs(*w->held)) CheckInputs(*w->held);
    CheckOutputs(*w->held, w->job);
  } catch (...) {
    w->failed = true;
    w->failure = CurrentFailure();
  }
}

/** Builds the JavaScript error of a failure without throwing; false when the environment cannot. */
bool MakeError(napi_env env, const char* fn, const Failure& failure, napi_value* out) {
  napi_value code, message;
  const std::string text = std::string(fn) + ": " + failure.message;
  if (napi_create_string_utf8(env, failure.code.c_str(), NAPI_AUTO_LENGTH, &code) != napi_ok) return false;
  if (napi_create_string_utf8(env, text.c_str(), NAPI_AUTO_LENGTH, &message) != napi_ok) return false;
  switch (failure.kind) {
    case Failure::kType: return napi_create_type_error(env, code, message, out) == napi_ok;
    case Failure::kRange: return napi_create_range_error(env, code, message, out) == napi_ok;
    default: return napi_create_error(env, code, message, out) == napi_ok;
  }
}

/**
 * Verifies each output array still has the memory the call wrote (attached, as long, not moved) and writes back the
 * copied ones; false (and why) if one does not, leaving every array as it is.
 */
bool FinishOutputs(napi_env env, Work* w, Failure* failure) {
  const auto& outs = w->held->outputs;
  std::vector<void*> targets(outs.size(), nullptr);
  for (size_t i = 0; i < outs.size(); ++i) {
    napi_value array, buffer;
    napi_typedarray_type type;
    size_t length, offset;
    void* data = nullptr;
    bool ok = napi_get_reference_value(env, w->outputs[i], &array) == napi_ok && array != nullptr &&
              napi_get_typedarray_info(env, array, &type, &length, &data, &buffer, &offset) == napi_ok;
    size_t size = type == napi_float32_array ? 4 : 8;
    bool same = outs[i].copy != nullptr || data == outs[i].data;
    if (!ok || data == nullptr || length * size != outs[i].bytes || !same) {
      *failure = Failure{Failure::kRange, "ERR_ATTNSIM_ARGUMENT",
                         std::string(outs[i].name) +
                             " was detached or resized while the call ran; the result was discarded"};
      return false;
    }
    targets[i] = data;
  }
  for (size_t i = 0; i < outs.size(); ++i) {
    if (outs[i].copy != nullptr) std::memcpy(targets[i], outs[i].copy, outs[i].bytes);
  }
  return true;
}

void Settle(napi_env env, Work* w, napi_status status) {
  if (status == napi_cancelled) return;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  Failure failure = w->failure;
  bool ok = !w->failed && FinishOutputs(env, w, &failure);
  napi_value value;
  if (ok) {
    if (napi_get_undefined(env, &value) == napi_ok) napi_resolve_deferred(env, w->deferred, value);
  } else if (MakeError(env, w->name, failure, &value)) {
    napi_reject_deferred(env, w->deferred, value);
  }
  napi_close_handle_scope(env, scope);
}

/** Settles the Promise, then lets go of the held memory here on the main thread. */
void Complete(napi_env env, napi_status status, void* data) {
  std::unique_ptr<Work> w(static_cast<Work*>(data));
  Settle(env, w.get(), status);
  for (napi_ref ref : w->outputs) napi_delete_reference(env, ref);
  napi_delete_async_work(env, w->work);
}

/** Throws the pending JavaScript error when an N-API call failed while starting the work. */
void Check(napi_env env, napi_status status) {
  if (status != napi_ok) throw Napi::Error::New(env, "could not start the asynchronous work");
}

}  // namespace

napi_value StartJob(const Napi::CallbackInfo& info, const char* name, Job job, std::unique_ptr<Held> held) {
  napi_env env = info.Env();
  auto w = std::make_unique<Work>(Work{name, std::move(job), std::move(held), {}});
  for (const WriteBack& out : w->held->outputs) {
    napi_ref ref;
    Check(env, napi_create_reference(env, info[out.arg], 1, &ref));
    w->outputs.push_back(ref);
  }
  napi_value promise, resource;
  Check(env, napi_create_promise(env, &w->deferred, &promise));
  Check(env, napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &resource));
  Check(env, napi_create_async_work(env, nullptr, resource, Execute, Complete, w.get(), &w->work));
  Check(env, napi_queue_async_work(env, w->work));
  w.release();
  return promise;
}

}  // namespace attnsim
