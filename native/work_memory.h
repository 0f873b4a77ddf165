// Work memory for one kernel call, recycled between calls: a run of calls reuses mapped pages instead of faulting
// fresh ones in (and zero-filling them) every time, which cost small attention calls half their time.
#pragma once

#include <cstddef>

namespace attnsim {

/** `bytes` of uninitialised memory for the length of a call (the idle block when it is large enough). */
class WorkMemory {
 public:
  explicit WorkMemory(size_t bytes);
  ~WorkMemory();
  WorkMemory(const WorkMemory&) = delete;
  WorkMemory& operator=(const WorkMemory&) = delete;

  /** The memory, aligned to 64 bytes. */
  void* data() const { return data_; }

 private:
  void* data_;
  size_t bytes_;
};

}  // namespace attnsim
