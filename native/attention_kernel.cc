// Dispatch and threads of the fused attention kernel (see attention_kernel.h), and its exp's test hook.
#include "attention_kernel.h"

#include <cblas.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
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
 * Below this many multiply-adds per call (about a millisecond on one core) one thread beats sharing the work: waking a
 * pool thread and joining it cost microseconds on a quiet machine and far more on a loaded one.
 */
constexpr double kThreadWork = 1 << 22;

size_t KernelThreads(double work) {
  return work < kThreadWork ? 1 : static_cast<size_t>(std::max(1, openblas_get_num_threads()));
}

size_t PackThreads(double entries) {
  return KernelThreads(64 * entries);
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

namespace {

/** Keys [j0, j1) of every head of K into their Kᵀ panels (see FusedArgs): keys from n to np score zero. */
template <typename T>
void PackKeys(const T* k, size_t ldk, size_t n, size_t dh, size_t heads, size_t j0, size_t j1, T* kt) {
  constexpr size_t W = kScoreWidth<T>;
  const size_t np = PaddedKeys<T>(n);
  for (size_t j = j0; j < j1; ++j) {
    T* panel = kt + j / W * dh * W + j % W;
    const T* row = k + j * ldk;
    for (size_t h = 0; h < heads; ++h, panel += dh * np) {
      for (size_t d = 0; d < dh; ++d) panel[d * W] = j < n ? row[h * dh + d] : T(0);
    }
  }
}

/**
 * Packed rows [t0, t1) of every head of V (see FusedArgs): a pair's missing key and the columns past group·dvh are
 * zero.
 */
template <typename T>
void PackValues(const T* v, size_t ldv, size_t n, size_t dvh, size_t heads, const ValueLayout& layout, size_t t0,
                size_t t1, T* packed) {
  const size_t g = layout.group, dvp = layout.dvp, rows = layout.Rows(n);
  for (size_t t = t0; t < t1; ++t) {
    for (size_t h = 0; h < heads; ++h) {
      T* row = packed + (h * rows + t) * dvp;
      for (size_t i = 0; i < g; ++i) {
        const size_t j = t * g + i;
        const T* src = v + j * ldv + h * dvh;
        for (size_t c = 0; c < dvh; ++c) row[c * g + i] = j < n ? src[c] : T(0);
      }
      std::fill(row + g * dvh, row + dvp, T(0));
    }
  }
}

/** Keys per item of PackOperands: whole panels, and whole pairs of V rows. */
constexpr size_t kPackKeys = 64;

}  // namespace

template <typename T>
void PackOperands(const T* k, size_t ldk, const T* v, size_t ldv, int n, int dh, int dvh, int heads, T* kt, T* packed) {
  const ValueLayout layout = PackedValueLayout<T>(dvh);
  const size_t keys = static_cast<size_t>(n), np = PaddedKeys<T>(keys), items = (np + kPackKeys - 1) / kPackKeys;
  const size_t rows = layout.Rows(keys), g = static_cast<size_t>(layout.group);
  const double entries = static_cast<double>(n) * heads * (dh + dvh);
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  // Key-major, so that each row of K and V is read once, whole and in order (every head's columns of it).
  RunShares(std::min(PackThreads(entries), items), stop, [&](size_t) {
    for (size_t i = next.fetch_add(1); i < items; i = next.fetch_add(1)) {
      const size_t j0 = i * kPackKeys, j1 = std::min(np, j0 + kPackKeys);
      PackKeys<T>(k, ldk, keys, dh, heads, j0, j1, kt);
      PackValues<T>(v, ldv, keys, dvh, heads, layout, std::min(rows, j0 / g), std::min(rows, (j1 + g - 1) / g), packed);
    }
  });
}

template void PackOperands<float>(const float*, size_t, const float*, size_t, int, int, int, int, float*, float*);
template void PackOperands<double>(const double*, size_t, const double*, size_t, int, int, int, int, double*, double*);
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
