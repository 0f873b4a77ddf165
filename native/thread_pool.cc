// Parked worker threads for attnsim's kernels (see thread_pool.h). A call's thread start and join cost tens of
// microseconds, more on a loaded machine, and a (512, 64, 8) attention call starts up to three: a wake-up is cheaper.
#include "thread_pool.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace attnsim {
namespace {

/** One share of a call, queued for a pool thread. */
struct Task {
  const std::function<void(size_t)>* run;
  size_t index;
  bool started = false;
  bool done = false;
};

/** The pool: a queue of tasks and the threads that take them. Never destroyed (threads park until the process ends). */
class Pool {
 public:
  static Pool& Get() {
    static Pool* pool = new Pool();
    return *pool;
  }

  /** Queues `tasks`, starting threads so that one is free for each queued task (as far as threads start). */
  void Submit(std::vector<Task>& tasks) {
    std::lock_guard<std::mutex> lock(mutex_);
    try {
      for (Task& task : tasks) queue_.push_back(&task);
    } catch (const std::bad_alloc&) {
      Withdraw(tasks);  // nothing of this call may stay queued once it throws
      throw;
    }
    while (threads_ - running_ < queue_.size() && threads_ < kMaxPoolThreads) {
      try {
        std::thread([this] { Loop(); }).detach();
      } catch (...) {  // std::system_error, or std::bad_alloc for the thread's state
        break;         // the threads there are (and the caller) take the work
      }
      ++threads_;
    }
    for (size_t i = 0; i < tasks.size(); ++i) wake_.notify_one();
  }

  /** Withdraws the tasks of `tasks` not yet begun, then waits for the others to return. */
  void Finish(std::vector<Task>& tasks) {
    std::unique_lock<std::mutex> lock(mutex_);
    Withdraw(tasks);
    done_.wait(lock, [&] {
      return std::all_of(tasks.begin(), tasks.end(), [](const Task& t) { return !t.started || t.done; });
    });
  }

 private:
  /** Removes the tasks of `tasks` still queued (the caller holds the lock). */
  void Withdraw(std::vector<Task>& tasks) {
    const Task *first = tasks.data(), *last = first + tasks.size();
    queue_.erase(std::remove_if(queue_.begin(), queue_.end(), [&](Task* t) { return t >= first && t < last; }),
                 queue_.end());
  }

  void Loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return !queue_.empty(); });
      Task* task = queue_.front();
      queue_.pop_front();
      task->started = true;
      ++running_;
      lock.unlock();
      (*task->run)(task->index);  // never throws: RunShares's guard catches what a share throws
      lock.lock();
      --running_;
      task->done = true;
      done_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<Task*> queue_;
  /** Threads started, and those running a task. */
  size_t threads_ = 0, running_ = 0;
};

}  // namespace

void RunShares(size_t threads, std::atomic<bool>& stop, const std::function<void(size_t)>& share) {
  // What each share threw (rethrown at the end, the first in share order): no exception may leave a pool thread.
  std::vector<std::exception_ptr> failed(std::max<size_t>(threads, 1));
  const std::function<void(size_t)> guarded = [&](size_t t) {
    try {
      share(t);
    } catch (...) {
      failed[t] = std::current_exception();
      stop.store(true);
    }
  };
  std::vector<Task> tasks;
  for (size_t t = 1; t < threads; ++t) tasks.push_back({&guarded, t});
  Pool& pool = Pool::Get();
  if (!tasks.empty()) pool.Submit(tasks);
  {
    // However share 0 ends, no task of this call stays queued or running once RunShares returns.
    struct Join {
      Pool& pool;
      std::vector<Task>& tasks;
      ~Join() {
        if (!tasks.empty()) pool.Finish(tasks);
      }
    } join{pool, tasks};
    guarded(0);
  }
  for (const std::exception_ptr& e : failed) {
    if (e) std::rethrow_exception(e);
  }
}

}  // namespace attnsim
