// TaskPool: a FIFO queue served by worker threads under one mutex; CountDown: a one-shot latch.
#include "util/parallel.h"

#include <algorithm>
#include <system_error>

namespace hs {

unsigned hardware_threads() {
#ifdef __EMSCRIPTEN__
  return 1;
#else
  return std::max(1u, std::thread::hardware_concurrency());
#endif
}

TaskPool::TaskPool(unsigned threads) {
#ifndef __EMSCRIPTEN__
  if (threads > 1) {
    workers_.reserve(threads);
    for (unsigned w = 0; w < threads; ++w) {
      try {
        workers_.emplace_back(&TaskPool::work, this, w);
      } catch (const std::system_error&) {
        break;  // no more threads: those running share the work
      }
    }
  }
#else
  (void)threads;
#endif
  threads_ = std::max<unsigned>(1, static_cast<unsigned>(workers_.size()));
}

TaskPool::~TaskPool() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void TaskPool::run(std::function<void(unsigned worker)> task) {
  if (workers_.empty()) {
    task(0);
    return;
  }
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(task));
    ++unfinished_;
  }
  queued_.notify_one();
}

void TaskPool::wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return unfinished_ == 0; });
}

void TaskPool::work(unsigned worker) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    queued_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to run
    std::function<void(unsigned)> task = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    task(worker);
    lock.lock();
    if (--unfinished_ == 0) idle_.notify_all();
  }
}

void CountDown::arrive() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (--count_ == 0) zero_.notify_all();
}

void CountDown::wait() {
  std::unique_lock<std::mutex> lock(mutex_);
  zero_.wait(lock, [this] { return count_ == 0; });
}

}  // namespace hs
