// The one pattern every kernel follows: parse and validate on the main thread into a Job, then run
// the Job now (sync form) or on the libuv pool (async form, a Promise).
#pragma once

#include <napi.h>

#include <exception>
#include <functional>
#include <utility>
#include <vector>

#include "check.h"

namespace attnsim {

/** A validated call: the work to run, with raw pointers into the call's typed arrays. */
struct Job {
  std::function<void()> run;
};

/** Parses a call; throws a JavaScript error for any bad argument. */
using Parser = Job (*)(const Args& args);

/** Runs a Job off the main thread and settles a Promise with its outcome. */
class JobWorker : public Napi::AsyncWorker {
 public:
  /** Keeps every typed array among the call's arguments alive until the worker is destroyed. */
  JobWorker(const Napi::CallbackInfo& info, Job job)
      : Napi::AsyncWorker(info.Env()), job_(std::move(job)), deferred_(Napi::Promise::Deferred::New(info.Env())) {
    for (size_t i = 0; i < info.Length(); ++i) {
      if (info[i].IsTypedArray()) keep_.push_back(Napi::Persistent(info[i].As<Napi::Object>()));
    }
  }

  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    try {
      job_.run();
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  Job job_;
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::ObjectReference> keep_;
};

/** The synchronous export of a kernel. */
template <Parser parse, const char* name>
Napi::Value Sync(const Napi::CallbackInfo& info) {
  Job job = parse(Args{info, name});
  job.run();
  return info.Env().Undefined();
}

/** The asynchronous export of a kernel: validation throws at once, the work resolves a Promise. */
template <Parser parse, const char* name>
Napi::Value Async(const Napi::CallbackInfo& info) {
  Job job = parse(Args{info, name});
  auto* worker = new JobWorker(info, std::move(job));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

}  // namespace attnsim
