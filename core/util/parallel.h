// Tasks on a few worker threads for native builds; run one after another on the caller when one
// thread is asked for or when compiled by Emscripten (the browser build has no threads).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace hs {

// Threads worth starting for CPU-bound work: the hardware's count (at least 1); 1 under Emscripten.
unsigned hardware_threads();

// Runs queued tasks on its worker threads, each task once, taken in the order queued. A task gets
// the index of the worker running it (below threads()), so per-worker scratch needs no lock.
// Serial (no threads; run() calls the task before returning, with worker 0) when asked for one
// thread, under Emscripten, or when the system refuses to start any thread. Tasks must not throw.
class TaskPool {
 public:
  explicit TaskPool(unsigned threads);
  ~TaskPool();  // runs what is queued, then joins the workers
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  unsigned threads() const { return threads_; }
  void run(std::function<void(unsigned worker)> task);
  // Returns once every task queued so far has returned.
  void wait();

 private:
  void work(unsigned worker);

  unsigned threads_ = 1;
  std::mutex mutex_;
  std::condition_variable queued_;  // a task was queued, or the pool is stopping
  std::condition_variable idle_;    // unfinished_ reached 0
  std::deque<std::function<void(unsigned)>> queue_;
  std::size_t unfinished_ = 0;  // queued or running
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// A count that tasks bring down to zero; wait() returns once it gets there. Hold it by
// std::shared_ptr in the tasks: the last one may still be leaving arrive() when wait() returns.
class CountDown {
 public:
  explicit CountDown(std::size_t count) : count_(count) {}
  void arrive();
  void wait();

 private:
  std::mutex mutex_;
  std::condition_variable zero_;
  std::size_t count_;
};

}  // namespace hs
