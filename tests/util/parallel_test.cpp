// TaskPool runs every task once, on a worker below its thread count, and wait() sees them all
// done; one thread (and the browser build) runs each task inside run(). CountDown releases its
// waiter once every task has arrived.
#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "util/parallel.h"

TEST_CASE("parallel: every task runs once, on a worker below the thread count", "[parallel]") {
  for (const unsigned threads : {2u, 3u, 8u}) {
    std::vector<std::atomic<int>> runs(1000);
    std::atomic<unsigned> highest_worker{0};
    std::mutex mutex;
    std::set<std::thread::id> thread_ids;
    {
      hs::TaskPool pool(threads);
#ifdef __EMSCRIPTEN__
      CHECK(pool.threads() == 1);
#else
      CHECK(pool.threads() == threads);
#endif
      for (std::size_t i = 0; i < runs.size(); ++i) {
        pool.run([&, i](unsigned worker) {
          ++runs[i];
          unsigned seen = highest_worker.load();
          while (worker > seen && !highest_worker.compare_exchange_weak(seen, worker)) {
          }
          const std::lock_guard<std::mutex> lock(mutex);
          thread_ids.insert(std::this_thread::get_id());
        });
      }
      pool.wait();
      for (const std::atomic<int>& r : runs) REQUIRE(r.load() == 1);
      CHECK(highest_worker.load() < pool.threads());
      CHECK(thread_ids.size() <= pool.threads());
      // Tasks queued after a wait() run too, and the destructor waits for them.
      for (std::size_t i = 0; i < 10; ++i) pool.run([&, i](unsigned) { ++runs[i]; });
    }
    for (std::size_t i = 0; i < 10; ++i) REQUIRE(runs[i].load() == 2);
  }
}

TEST_CASE("parallel: one thread runs each task inside run(), on the calling thread", "[parallel]") {
  for (const unsigned threads : {0u, 1u}) {
    hs::TaskPool pool(threads);
    CHECK(pool.threads() == 1);
    std::vector<int> order;
    bool on_caller = true;
    const std::thread::id caller = std::this_thread::get_id();
    for (int i = 0; i < 4; ++i) {
      pool.run([&, i](unsigned worker) {
        order.push_back(i + 10 * static_cast<int>(worker));
        on_caller = on_caller && std::this_thread::get_id() == caller;
      });
      CHECK(order.size() == static_cast<std::size_t>(i + 1));  // already ran
    }
    CHECK(order == std::vector<int>{0, 1, 2, 3});
    CHECK(on_caller);
    pool.wait();
  }
  CHECK(hs::hardware_threads() >= 1);
#ifdef __EMSCRIPTEN__
  CHECK(hs::hardware_threads() == 1);
#endif
}

TEST_CASE("parallel: a count-down releases its waiter once every task has arrived", "[parallel]") {
  hs::TaskPool pool(3);
  std::atomic<int> arrived{0};
  const auto done = std::make_shared<hs::CountDown>(50);
  for (int i = 0; i < 50; ++i) {
    pool.run([&, done](unsigned) {
      ++arrived;
      done->arrive();
    });
  }
  done->wait();
  CHECK(arrived.load() == 50);
  pool.wait();
}
