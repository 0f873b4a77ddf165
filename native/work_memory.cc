// Work memory recycled between calls (see work_memory.h).
#include "work_memory.h"

#include <cstdlib>
#include <mutex>
#include <new>

namespace attnsim {
namespace {

/** The largest block kept idle between calls. */
constexpr size_t kKeepBytes = size_t{64} << 20;
constexpr size_t kAlign = 64;

/** The one idle block; never destroyed (a call may still hold memory while the process exits). */
struct Idle {
  std::mutex mutex;
  void* data = nullptr;
  size_t bytes = 0;
};

Idle& TheIdle() {
  static Idle* idle = new Idle();
  return *idle;
}

}  // namespace

WorkMemory::WorkMemory(size_t bytes) : data_(nullptr), bytes_(0) {
  {
    Idle& idle = TheIdle();
    std::lock_guard<std::mutex> lock(idle.mutex);
    if (idle.data != nullptr && idle.bytes >= bytes) {
      data_ = idle.data;
      bytes_ = idle.bytes;
      idle.data = nullptr;
      idle.bytes = 0;
      return;
    }
  }
  bytes_ = (bytes + kAlign - 1) / kAlign * kAlign;
  data_ = std::aligned_alloc(kAlign, bytes_ == 0 ? kAlign : bytes_);
  if (data_ == nullptr) throw std::bad_alloc();
}

WorkMemory::~WorkMemory() {
  void* drop = data_;
  if (bytes_ <= kKeepBytes) {
    Idle& idle = TheIdle();
    std::lock_guard<std::mutex> lock(idle.mutex);
    if (bytes_ > idle.bytes) {
      drop = idle.data;
      idle.data = data_;
      idle.bytes = bytes_;
    }
  }
  std::free(drop);
}

}  // namespace attnsim
