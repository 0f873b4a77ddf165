// Dispatch and threads of the fused attention kernel (see attention_kernel.h), and its exp's test hook.
#include "attention_kernel.h"

#include <cblas.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <system_error>
#include <thread>
#include <vector>

#include "exp_hook.h"

namespace attnsim {

namespace {

/** ATTNSIM_KERNEL_ISA = avx2 or scalar caps the instruction set (read once), so tests can run every build here. */
bool Capped(const char* below) {
  static const char* cap = std::getenv("ATTNSIM_KERNEL_ISA");
  return cap != nullptr && std::strcmp(cap, below) == 0;
}

}  // namespace

bool HasAvx2Fma() {
  static const bool has = !Capped("scalar") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

bool HasAvx512() {
  static const bool has = !Capped("avx2") && HasAvx2Fma() && __builtin_cpu_supports("avx512f") &&
                          __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
                          __builtin_cpu_supports("avx512vl");
  return has;
}

/** The lanes of T in one register of the kernel this CPU runs (512-bit with AVX-512, else 256-bit). */
template <typename T>
size_t KernelLanes() {
  return (HasAvx512() ? 64 : 32) / sizeof(T);
}

template <typename T>
ValueLayout PackedValueLayout(size_t dvh) {
  const size_t lanes = KernelLanes<T>();
  const int group = HasAvx512() && dvh > 0 && 2 * dvh <= lanes ? 2 : 1;
  return {group, (group * dvh + lanes - 1) / lanes * lanes};
}

template <typename T>
void KernelExp(const T* x, T* out, size_t n, bool simd) {
  if (simd && HasAvx512()) {
    avx512::Exp<T>(x, out, n);
  } else if (simd && HasAvx2Fma()) {
    avx2::Exp<T>(x, out, n);
  } else {
    scalar::Exp<T>(x, out, n);
  }
}

/**
 * Below this many multiply-adds per call (about a millisecond on one core) one thread beats starting another: a
 * thread's start and join cost tens of microseconds on a quiet machine and far more on a loaded one.
 */
constexpr double kThreadWork = 1 << 22;

size_t KernelThreads(double work) {
  return work < kThreadWork ? 1 : static_cast<size_t>(std::max(1, openblas_get_num_threads()));
}

void RunShares(size_t threads, std::atomic<bool>& stop, const std::function<void(size_t)>& share) {
  std::vector<char> failed(threads, 0);  // a share whose memory could not be allocated (rethrown once all joined)
  auto guarded = [&](size_t t) {
    try {
      share(t);
    } catch (const std::bad_alloc&) {
      failed[t] = 1;
      stop.store(true);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (size_t t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(guarded, t);
    } catch (const std::system_error&) {
      break;  // the threads that started and this one take all the work between them
    }
  }
  guarded(0);
  for (auto& thread : pool) thread.join();
  if (std::find(failed.begin(), failed.end(), 1) != failed.end()) throw std::bad_alloc();
}

template <typename T>
FusedFailure FusedAttention(const FusedArgs<T>& args) {
  auto tiles = HasAvx512() ? avx512::Tiles<T> : HasAvx2Fma() ? avx2::Tiles<T> : scalar::Tiles<T>;
  const size_t count = (static_cast<size_t>(args.n) + kTileRows - 1) / kTileRows * args.heads_count;
  const double work = static_cast<double>(count) * kTileRows * args.n * (args.dh + args.dvh);
  const size_t threads = std::min(KernelThreads(work), count);
  TileQueue queue;
  if (threads <= 1) return tiles(args, queue);
  std::vector<FusedFailure> bad(threads);
  RunShares(threads, queue.stop, [&](size_t t) { bad[t] = tiles(args, queue); });
  FusedFailure first;
  for (const FusedFailure& b : bad) {
    if (b.row >= 0 && (first.row < 0 || b.head < first.head || (b.head == first.head && b.row < first.row))) first = b;
  }
  return first;
}

template <typename T>
void PackKeys(const T* k, size_t ldk, int n, int dh, int heads, T* kt) {
  constexpr size_t W = kScoreWidth<T>;
  const size_t np = PaddedKeys<T>(n), hd = static_cast<size_t>(dh);
  std::fill(kt, kt + hd * heads * np, T(0));
  for (size_t j = 0; j < static_cast<size_t>(n); ++j) {
    const T* row = k + j * ldk;
    T* panel = kt + j / W * hd * W + j % W;
    for (size_t h = 0; h < static_cast<size_t>(heads); ++h, panel += hd * np) {
      for (size_t d = 0; d < hd; ++d) panel[d * W] = row[h * hd + d];
    }
  }
}

template <typename T>
void PackValues(const T* v, size_t ldv, int n, int dvh, int heads, T* packed) {
  const ValueLayout layout = PackedValueLayout<T>(dvh);
  const size_t g = layout.group, dvp = layout.dvp, hd = static_cast<size_t>(dvh), rows = layout.Rows(n);
  std::fill(packed, packed + heads * rows * dvp, T(0));
  for (size_t h = 0; h < static_cast<size_t>(heads); ++h) {
    for (size_t j = 0; j < static_cast<size_t>(n); ++j) {
      const T* src = v + j * ldv + h * hd;
      T* row = packed + (h * rows + j / g) * dvp + j % g;
      for (size_t c = 0; c < hd; ++c) row[c * g] = src[c];
    }
  }
}

template void PackKeys<float>(const float*, size_t, int, int, int, float*);
template void PackKeys<double>(const double*, size_t, int, int, int, double*);
template void PackValues<float>(const float*, size_t, int, int, int, float*);
template void PackValues<double>(const double*, size_t, int, int, int, double*);
template ValueLayout PackedValueLayout<float>(size_t);
template ValueLayout PackedValueLayout<double>(size_t);
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
  return Napi::String::New(info.Env(), HasAvx512() ? "avx512" : HasAvx2Fma() ? "avx2-fma" : "scalar");
}

}  // namespace attnsim
