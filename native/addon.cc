// Module init only: the list of functions the addon exports (see src/native/binding.ts).
#include <napi.h>

#include "async.h"
#include "attention.h"
#include "exp_hook.h"
#include "quiet_stderr.h"
#include "resident.h"
#include "finite.h"
#include "gemm.h"
#include "output_pool.h"
#include "runtime.h"
#include "softmax.h"

namespace attnsim {
namespace {

constexpr char kGemm[] = "gemm";
constexpr char kGemmBatched[] = "gemmBatched";
constexpr char kSoftmaxRows[] = "softmaxRows";
constexpr char kAttention[] = "attention";
constexpr char kAttentionPack[] = "attentionPack";
constexpr char kFirstNonFinite[] = "firstNonFinite";
constexpr char kAllocOutput[] = "allocOutput";
constexpr char kBlasInfo[] = "blasInfo";
constexpr char kSetThreads[] = "setThreads";
constexpr char kKernelExp[] = "_kernelExp";
constexpr char kKernelIsa[] = "_kernelIsa";
constexpr char kQuietStderr[] = "quietStderr";

}  // namespace
}  // namespace attnsim

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  using namespace attnsim;
  KeepLoaded();
  exports.Set("gemm", Napi::Function::New(env, Sync<ParseGemm, kGemm>));
  exports.Set("gemmAsync", Napi::Function::New(env, Async<ParseGemm, kGemm>));
  exports.Set("gemmBatched", Napi::Function::New(env, Sync<ParseGemmBatched, kGemmBatched>));
  exports.Set("gemmBatchedAsync", Napi::Function::New(env, Async<ParseGemmBatched, kGemmBatched>));
  exports.Set("softmaxRows", Napi::Function::New(env, Sync<ParseSoftmaxRows, kSoftmaxRows>));
  exports.Set("attention", Napi::Function::New(env, Sync<ParseAttention, kAttention>));
  exports.Set("attentionAsync", Napi::Function::New(env, Async<ParseAttention, kAttention>));
  exports.Set("attentionPack", Napi::Function::New(env, Guard<AttentionPack, kAttentionPack>));
  exports.Set("firstNonFinite", Napi::Function::New(env, Guard<FirstNonFinite, kFirstNonFinite>));
  exports.Set("allocOutput", Napi::Function::New(env, Guard<AllocOutput, kAllocOutput>));
  exports.Set("blasInfo", Napi::Function::New(env, Guard<BlasInfo, kBlasInfo>));
  exports.Set("setThreads", Napi::Function::New(env, Guard<SetThreads, kSetThreads>));
  exports.Set("_kernelExp", Napi::Function::New(env, Sync<ParseKernelExp, kKernelExp>));
  exports.Set("_kernelIsa", Napi::Function::New(env, Guard<KernelIsa, kKernelIsa>));
  exports.Set("quietStderr", Napi::Function::New(env, Guard<QuietStderr, kQuietStderr>));
  return exports;
}

NODE_API_MODULE(attnsim, Init)
