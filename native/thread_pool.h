// The worker threads of attnsim's own multi-threaded kernels (the fused attention tiles, the AVX-512 projections):
// started once, parked between calls, shared by every caller in the process.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

namespace attnsim {

/**
 * Runs share(t) for t < threads: share 0 on the calling thread, the others on the process's pool threads, which are
 * started on first need (at most kMaxPoolThreads, kept for the life of the process: native/resident.cc keeps their
 * code mapped) and wait on a condition variable between calls, never spinning. A share no pool thread has begun
 * by the time share 0 returns is withdrawn (so do fewer when threads cannot start or are busy with another call's
 * shares): shares must take their work from a common queue. A share that throws (std::bad_alloc: out of memory) sets `stop`;
 * the first share's exception is rethrown once every share that began has returned.
 */
void RunShares(size_t threads, std::atomic<bool>& stop, const std::function<void(size_t)>& share);

/** The most pool threads the process starts (OpenBLAS's own limit on this build's threads, MAX_THREADS). */
constexpr size_t kMaxPoolThreads = 64;

}  // namespace attnsim
