// Decides which keys (bricks, point-cloud nodes, metadata documents) to fetch and in what order:
// priorities, per-frame cancellation, dedup while in flight, a cap on requests in flight, and
// retries with deterministic exponential backoff. Pure policy: no I/O, no clock, no threads.
//
// The platform layer drives it once per frame:
//   scheduler.begin_frame();
//   for (each key the view needs) scheduler.want(key, priority);
//   for (key : scheduler.start_ready(now_s)) hand key to an idle worker;
//   for (each finished job) switch (scheduler.finish(key, status, now_s).action) { ... }
//   for (key : scheduler.take_cancelled()) forget key;
//   for (key : scheduler.cancelled_in_flight()) tell the worker busy with key to abort;
// begin_frame() is optional: without it nothing is cancelled implicitly.
//
// Sections: options, outcome of finish(), counters, the scheduler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace hs {

struct RequestSchedulerOptions {
  int max_in_flight = 6;          // most keys started and not yet finished (>= 1)
  int max_tries = 4;              // tries per key on transient failures, counting the first (>= 1)
  double first_backoff_s = 0.25;  // wait before the second try; doubles for each further one
  // Each wait is stretched by a factor in [1, 1 + jitter_fraction) drawn deterministically from
  // the key and the try number, so keys that failed together do not all retry at once.
  double jitter_fraction = 0.25;
  double retry_budget_s = 20.0;  // no try starts later than this after the key's first try
};

// What the caller does with a finished job.
enum class RequestAction {
  deliver,  // success: use the result (e.g. put it in the brick cache)
  retry,    // transient failure: drop the result; the key is started again after its backoff
  failed,   // last failure: show FinishResult::failure; the key is not requested again
  discard,  // the key was cancelled (or was not in flight): drop the result
};

struct FinishResult {
  RequestAction action = RequestAction::discard;
  // For `failed`: the job's error, its message ending in "(after N tries)" when it was retried.
  std::optional<Error> failure;
};

// Counters for the status bar (reading them is O(1)).
struct RequestCounts {
  std::size_t queued = 0;         // waiting for a free slot
  std::size_t in_flight = 0;      // started, not finished (including cancelled ones)
  std::size_t waiting_retry = 0;  // failed transiently, waiting for their backoff to pass
  std::size_t failed = 0;         // failed for good, remembered until forget_failures()
  std::uint64_t retries = 0;      // retries scheduled since construction
};

// Every operation is O(log n) in the number of keys known (amortised for start_ready()).
class RequestScheduler {
 public:
  explicit RequestScheduler(RequestSchedulerOptions options = {});

  // Starts a frame: keys not wanted again before the next start_ready() are cancelled there.
  void begin_frame();

  // The view needs `key`; higher `priority` starts first, equal priorities in the order the keys
  // were first wanted (NaN counts as lowest). A queued (or retry-waiting) key takes the new
  // priority; a key in flight is not requested twice (if it was cancelled, it is wanted again and
  // its result will be delivered); a key that failed is not requested until forget_failures().
  void want(std::string_view key, double priority);

  // Cancels the keys not wanted since begin_frame() (queued ones are dropped and reported by
  // take_cancelled(); those in flight are marked so that finish() discards them), then returns
  // the keys to start now, best first, at most max_in_flight minus those in flight. Keys waiting
  // for a retry are not started before their time.
  std::vector<std::string> start_ready(double now_s);

  // A job ended. `status`: ok on success; ErrorCode::unavailable (network error, HTTP 5xx) is a
  // transient failure, retried while tries and the retry budget last; any other error (HTTP 4xx,
  // corrupt data) is permanent. Failures are remembered until forget_failures().
  FinishResult finish(std::string_view key, const Status& status, double now_s);

  // Cancels one key, or every key starting with `prefix` (a removed layer): queued keys are
  // dropped and reported by take_cancelled(), keys in flight are marked to be discarded.
  // Remembered failures are kept (see forget_failures()).
  void cancel(std::string_view key);
  void cancel_prefix(std::string_view prefix);

  // Queued or retry-waiting keys dropped by a cancellation since the last call, each once.
  std::vector<std::string> take_cancelled();
  // Keys in flight whose results will be discarded, in key order.
  std::vector<std::string> cancelled_in_flight() const;

  // Forgets the failures of keys starting with `prefix` ("" for all), so they can be wanted again.
  void forget_failures(std::string_view prefix);
  // The failure remembered for `key`, or nullptr.
  const Error* failure(std::string_view key) const;

  RequestCounts counts() const;

 private:
  enum class State { queued, waiting_retry, in_flight };
  struct Entry {
    State state = State::queued;
    double priority = 0;
    std::uint64_t seq = 0;           // order of first want(): breaks priority ties
    std::uint64_t wanted_frame = 0;  // frame of the last want()
    int tries = 0;                   // tries started
    double first_try_s = 0;
    double retry_at_s = 0;    // for waiting_retry: earliest start
    bool cancelled = false;   // in flight, result to be discarded
    bool in_recency = false;  // listed in recency_ (every entry but cancelled ones)
    std::list<const std::string*>::iterator recency_pos;
  };
  using EntryMap = std::map<std::string, Entry, std::less<>>;

  // Ready keys, best first: higher priority, then lower seq.
  struct ReadyKey {
    double priority;
    std::uint64_t seq;
    const std::string* key;
    bool operator<(const ReadyKey& other) const {
      return priority != other.priority ? priority > other.priority : seq < other.seq;
    }
  };
  // Retry-waiting keys, earliest first.
  struct WaitKey {
    double retry_at_s;
    std::uint64_t seq;
    const std::string* key;
    bool operator<(const WaitKey& other) const {
      return retry_at_s != other.retry_at_s ? retry_at_s < other.retry_at_s : seq < other.seq;
    }
  };

  void cancel_entry(EntryMap::iterator it);
  void remove_entry(EntryMap::iterator it);  // from every index and the map
  void touch(EntryMap::iterator it);         // marks the entry wanted in this frame
  void sweep_unwanted();
  void move_due_retries(double now_s);
  double backoff_s(std::string_view key, int tries) const;

  RequestSchedulerOptions options_;
  EntryMap entries_;
  std::set<ReadyKey> ready_;
  std::set<WaitKey> waiting_;
  std::list<const std::string*> recency_;  // most recently wanted first
  std::set<std::string_view> cancelled_in_flight_;
  std::map<std::string, Error, std::less<>> failed_;
  std::vector<std::string> cancelled_;
  std::uint64_t frame_ = 0;
  std::uint64_t next_seq_ = 0;
  std::size_t in_flight_ = 0;
  std::uint64_t retries_ = 0;
};

}  // namespace hs
