// Dispatch and threads of the fused attention kernel (see attention_kernel.h), and its exp's test hook.
#include "attention_kernel.h"

#include <cblas.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "exp_hook.h"

namespace attnsim {

bool HasAvx2Fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

template <typename T>
void KernelExp(const T* x, T* out, size_t n, bool simd) {
  if (simd && HasAvx2Fma()) {
    avx2::Exp<T>(x, out, n);
  } else {
    scalar::Exp<T>(x, out, n);
  }
}

/** Below this many multiply-adds per call one thread beats starting another. */
constexpr double kThreadWork = 1 << 20;

template <typename T>
FusedFailure FusedAttention(const FusedArgs<T>& args) {
  auto tiles = HasAvx2Fma() ? avx2::Tiles<T> : scalar::Tiles<T>;
  const size_t count = (static_cast<size_t>(args.n) + kTileRows - 1) / kTileRows * args.heads_count;
  const double work = static_cast<double>(count) * kTileRows * args.n * (args.dh + args.dvh);
  const size_t threads = work < kThreadWork ? 1 : std::min<size_t>(std::max(1, openblas_get_num_threads()), count);
  if (threads <= 1) return tiles(args, 0, 1);
  std::vector<FusedFailure> bad(threads);
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back([&, t] { bad[t] = tiles(args, t, threads); });
  bad[0] = tiles(args, 0, threads);
  for (auto& thread : pool) thread.join();
  FusedFailure first;
  for (const FusedFailure& b : bad) {
    if (b.row >= 0 && (first.row < 0 || b.head < first.head || (b.head == first.head && b.row < first.row))) first = b;
  }
  return first;
}

template void KernelExp<float>(const float*, float*, size_t, bool);
template void KernelExp<double>(const double*, double*, size_t, bool);
template FusedFailure FusedAttention<float>(const FusedArgs<float>&);
template FusedFailure FusedAttention<double>(const FusedArgs<double>&);

namespace {

template <typename T>
Job ExpJob(const Args& args) {
  const size_t n = args.info[0].As<Napi::TypedArray>().ElementLength();
  const T* x = Data<T>(args, 0, "x", n);
  T* out = Data<T>(args, 1, "out", n, Role::kOut);
  const bool simd = Bool(args, 2, "simd");
  return Job{[=] { KernelExp<T>(x, out, n, simd); }};
}

}  // namespace

Job ParseKernelExp(const Args& args) {
  return ArrayDType(args, 0, "x") == DType::kFloat32 ? ExpJob<float>(args) : ExpJob<double>(args);
}

Napi::Value KernelIsa(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), HasAvx2Fma() ? "avx2-fma" : "scalar");
}

}  // namespace attnsim
