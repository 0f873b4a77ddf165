// Fresh outputs from recycled memory (see output_pool.h).
#include "output_pool.h"

#include "v8_api.h"
#ifdef ATTNSIM_V8_API
#define ATTNSIM_OUTPUT_POOL 1
#endif

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <mutex>
#include <new>
#include <sstream>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "check.h"

namespace attnsim {

/** 2^36: above any Float64Array of 2^31 − 1 entries. */
constexpr double kMaxBytes = 68719476736.0;

#ifdef ATTNSIM_OUTPUT_POOL
namespace {

constexpr size_t kIdleLimit = size_t{64} << 20;

/** A transparent huge page (x86-64 and most Linux configurations). */
constexpr size_t kHugePage = size_t{2} << 20;

/** Bytes a block of `bytes` really takes: a block of a huge page or more is a whole number of huge pages. */
size_t Footprint(size_t bytes) {
  return bytes < kHugePage ? bytes : (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

/**
 * New memory for a block. From a huge page up it is aligned to huge pages and, on Linux, advised to use them
 * (MADV_HUGEPAGE, honoured when transparent huge pages are "always" or "madvise"): its first touch then faults
 * once per 2 MiB instead of once per 4 KiB. Where guest memory is mapped lazily (a virtual machine), those 4 KiB
 * faults made a fresh 1536² float64 output cost 100–180 ms to touch, against about 2 ms in huge pages.
 */
void* NewBlock(size_t bytes) {
  if (bytes < kHugePage) return std::malloc(bytes);
  void* data = nullptr;
  if (posix_memalign(&data, kHugePage, Footprint(bytes)) != 0) return nullptr;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise(data, Footprint(bytes), MADV_HUGEPAGE);  // only advice: without huge pages the block works as it is
#endif
  return data;
}

/** A block no buffer holds. */
struct Block {
  void* data;
  size_t bytes;
};

/** Idle blocks, oldest first: a returned block goes to the back, and the oldest are freed beyond kIdleLimit. */
struct Pool {
  std::mutex mutex;
  std::deque<Block> idle;
  size_t idleBytes = 0;
};

/** The one pool; never destroyed, as V8 may free buffers while the process exits. */
Pool& ThePool() {
  static Pool* pool = new Pool();
  return *pool;
}

/** The newest idle block of exactly `bytes`, or a new one (NewBlock). */
void* Take(size_t bytes) {
  Pool& pool = ThePool();
  {
    std::lock_guard<std::mutex> lock(pool.mutex);
    for (auto it = pool.idle.rbegin(); it != pool.idle.rend(); ++it) {
      if (it->bytes != bytes) continue;
      void* data = it->data;
      pool.idle.erase(std::next(it).base());
      pool.idleBytes -= Footprint(bytes);
      return data;
    }
  }
  void* data = NewBlock(bytes);
  if (data == nullptr) throw std::bad_alloc();
  return data;
}

/**
 * V8's deleter: the block joins the pool, and the oldest idle blocks (of any size) go back to malloc while the pool
 * holds more than kIdleLimit; a block larger than the limit goes back at once.
 */
void Give(void* data, size_t bytes, void*) {
  Pool& pool = ThePool();
  std::lock_guard<std::mutex> lock(pool.mutex);
  bool kept = false;
  if (bytes <= kIdleLimit) {
    try {
      pool.idle.push_back(Block{data, bytes});
      pool.idleBytes += Footprint(bytes);
      kept = true;
    } catch (...) {
      // no room to remember it: freed below
    }
  }
  if (!kept) std::free(data);
  while (pool.idleBytes > kIdleLimit) {
    std::free(pool.idle.front().data);
    pool.idleBytes -= Footprint(pool.idle.front().bytes);
    pool.idle.pop_front();
  }
}

/**
 * Whether this runtime is the Node.js major the addon was built against (its V8 API) and accepts memory the addon
 * owns as an ArrayBuffer (a V8 sandbox does not).
 */
bool PoolUsable(napi_env env) {
  if (!UsableV8(env)) return false;
  static unsigned char probe = 0;
  napi_value buffer;
  return napi_create_external_arraybuffer(env, &probe, 1, nullptr, nullptr, &buffer) == napi_ok;
}

/** A new ArrayBuffer over a pooled block; V8 gives the block back to the pool when it frees the buffer. */
Napi::Value PooledBuffer(const Napi::Env& env, size_t bytes) {
  void* block = Take(bytes);
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(block, bytes, Give, nullptr);
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(v8::Isolate::GetCurrent(), std::move(store));
  // A napi_value is a v8::Local's slot (node's own JsValueFromV8LocalValue); the call's handle scope holds it.
  return Napi::Value(env, reinterpret_cast<napi_value>(*buffer));
}

}  // namespace
#endif

Napi::Value AllocOutput(const Napi::CallbackInfo& info) {
  Args args{info, "allocOutput"};
  double requested = Finite(args, 0, "bytes");
  if (!(requested >= 1 && requested <= kMaxBytes) || requested != static_cast<double>(static_cast<uint64_t>(requested))) {
    std::ostringstream out;
    out.precision(17);
    out << "expected an integer between 1 and 2^36 for bytes but received " << requested;
    ThrowRange(args, out.str());
  }
#ifdef ATTNSIM_OUTPUT_POOL
  static const bool usable = PoolUsable(info.Env());
  if (usable) return PooledBuffer(info.Env(), static_cast<size_t>(requested));
#endif
  return info.Env().Undefined();
}

}  // namespace attnsim
