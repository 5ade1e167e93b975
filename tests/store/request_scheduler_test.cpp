// The request scheduler: ordering, dedup, frame and explicit cancellation, retries with backoff,
// remembered failures, the in-flight cap, and randomized agreement with a brute-force model.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "store/request_scheduler.h"

namespace hs {
namespace {

using Keys = std::vector<std::string>;

Status transient(const std::string& key) {
  return make_error(ErrorCode::unavailable, "http://h/" + key + ": HTTP status 503 (server error)");
}

Status not_found(const std::string& key) {
  return make_error(ErrorCode::not_found, "http://h/" + key + ": HTTP status 404 (expected 206)");
}

RequestSchedulerOptions no_jitter() {
  RequestSchedulerOptions options;
  options.jitter_fraction = 0;
  return options;
}

Keys sorted(Keys keys) {
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Deterministic pseudo-random numbers (64-bit LCG, Knuth's MMIX constants), top bits used.
struct Lcg {
  std::uint64_t state;
  std::uint32_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state >> 33);
  }
  std::uint32_t below(std::uint32_t n) { return next() % n; }
};

}  // namespace

TEST_CASE("scheduler starts higher priorities first", "[scheduler]") {
  RequestScheduler scheduler;
  scheduler.want("a", 1);
  scheduler.want("b", 3);
  scheduler.want("c", 2);
  scheduler.want("d", -5);
  scheduler.want("e", std::numeric_limits<double>::quiet_NaN());
  CHECK(scheduler.start_ready(0) == Keys{"b", "c", "a", "d", "e"});
}

TEST_CASE("scheduler breaks priority ties by first want order", "[scheduler]") {
  RequestScheduler scheduler;
  for (const char* key : {"k/9", "k/1", "k/5", "k/0", "k/7", "k/3"}) scheduler.want(key, 2.5);
  scheduler.want("k/1", 2.5);  // wanting again keeps its place
  CHECK(scheduler.start_ready(0) == Keys{"k/9", "k/1", "k/5", "k/0", "k/7", "k/3"});
}

TEST_CASE("scheduler re-prioritises queued keys", "[scheduler]") {
  RequestSchedulerOptions options;
  options.max_in_flight = 1;
  RequestScheduler scheduler(options);
  scheduler.want("a", 1);
  scheduler.want("b", 2);
  scheduler.want("c", 3);
  scheduler.want("a", 10);  // raised above c
  scheduler.want("c", 0);   // lowered below b
  CHECK(scheduler.start_ready(0) == Keys{"a"});
  REQUIRE(scheduler.finish("a", Status(), 0.1).action == RequestAction::deliver);
  CHECK(scheduler.start_ready(0.1) == Keys{"b"});
  REQUIRE(scheduler.finish("b", Status(), 0.2).action == RequestAction::deliver);
  CHECK(scheduler.start_ready(0.2) == Keys{"c"});
}

TEST_CASE("scheduler does not request a key twice while in flight", "[scheduler]") {
  RequestScheduler scheduler;
  scheduler.want("x", 1);
  CHECK(scheduler.start_ready(0) == Keys{"x"});
  scheduler.want("x", 7);
  scheduler.want("x", 1);
  CHECK(scheduler.start_ready(0.5).empty());
  CHECK(scheduler.counts().in_flight == 1);
  CHECK(scheduler.counts().queued == 0);
  const FinishResult done = scheduler.finish("x", Status(), 1);
  CHECK(done.action == RequestAction::deliver);
  CHECK_FALSE(done.failure.has_value());
  CHECK(scheduler.counts().in_flight == 0);
  // Finished keys are the cache's business: wanting one again makes a new request.
  scheduler.want("x", 1);
  CHECK(scheduler.start_ready(2) == Keys{"x"});
}

TEST_CASE("scheduler keeps at most max_in_flight keys in flight", "[scheduler]") {
  RequestSchedulerOptions options;
  options.max_in_flight = 2;
  RequestScheduler scheduler(options);
  for (int i = 0; i < 5; ++i) scheduler.want("k" + std::to_string(i), 10 - i);
  CHECK(scheduler.start_ready(0) == Keys{"k0", "k1"});
  CHECK(scheduler.start_ready(0).empty());
  CHECK(scheduler.counts().queued == 3);
  CHECK(scheduler.counts().in_flight == 2);
  REQUIRE(scheduler.finish("k1", Status(), 1).action == RequestAction::deliver);
  CHECK(scheduler.start_ready(1) == Keys{"k2"});
  REQUIRE(scheduler.finish("k0", Status(), 2).action == RequestAction::deliver);
  REQUIRE(scheduler.finish("k2", Status(), 2).action == RequestAction::deliver);
  CHECK(scheduler.start_ready(2) == Keys{"k3", "k4"});
  CHECK(scheduler.counts().queued == 0);
}

TEST_CASE("scheduler cancels keys not wanted in the current frame", "[scheduler]") {
  RequestSchedulerOptions options;
  options.max_in_flight = 1;
  RequestScheduler scheduler(options);
  scheduler.begin_frame();
  scheduler.want("a", 1);
  scheduler.want("b", 2);
  scheduler.want("c", 3);
  CHECK(scheduler.start_ready(0) == Keys{"c"});

  scheduler.begin_frame();
  scheduler.want("b", 2);
  CHECK(scheduler.start_ready(0.1).empty());  // c, although unwanted, still occupies the worker
  CHECK(scheduler.take_cancelled() == Keys{"a"});
  CHECK(scheduler.take_cancelled().empty());  // reported once
  CHECK(scheduler.cancelled_in_flight() == Keys{"c"});
  CHECK(scheduler.counts().queued == 1);
  CHECK(scheduler.counts().in_flight == 1);

  // The worker cannot be interrupted: its result arrives and is dropped.
  CHECK(scheduler.finish("c", Status(), 0.2).action == RequestAction::discard);
  CHECK(scheduler.cancelled_in_flight().empty());
  CHECK(scheduler.start_ready(0.2) == Keys{"b"});
}

TEST_CASE("scheduler delivers a cancelled in-flight key that is wanted again", "[scheduler]") {
  RequestScheduler scheduler;
  scheduler.begin_frame();
  scheduler.want("a", 1);
  CHECK(scheduler.start_ready(0) == Keys{"a"});
  scheduler.begin_frame();
  CHECK(scheduler.start_ready(0.1).empty());
  CHECK(scheduler.cancelled_in_flight() == Keys{"a"});
  scheduler.begin_frame();
  scheduler.want("a", 1);
  CHECK(scheduler.start_ready(0.2).empty());  // still no second request
  CHECK(scheduler.cancelled_in_flight().empty());
  CHECK(scheduler.finish("a", Status(), 0.3).action == RequestAction::deliver);
}

TEST_CASE("scheduler without begin_frame cancels nothing implicitly", "[scheduler]") {
  RequestSchedulerOptions options;
  options.max_in_flight = 1;
  RequestScheduler scheduler(options);
  scheduler.want("a", 1);
  scheduler.want("b", 2);
  CHECK(scheduler.start_ready(0) == Keys{"b"});
  CHECK(scheduler.start_ready(1).empty());
  REQUIRE(scheduler.finish("b", Status(), 2).action == RequestAction::deliver);
  CHECK(scheduler.start_ready(2) == Keys{"a"});
  CHECK(scheduler.take_cancelled().empty());
}

TEST_CASE("scheduler cancels one key or a prefix explicitly", "[scheduler]") {
  RequestSchedulerOptions options;
  options.max_in_flight = 1;
  RequestScheduler scheduler(options);
  scheduler.want("l1/a", 9);
  scheduler.want("l1/b", 1);
  scheduler.want("l10/x", 1);
  scheduler.want("l2/a", 1);
  scheduler.want("l3/a", 1);
  CHECK(scheduler.start_ready(0) == Keys{"l1/a"});

  scheduler.cancel_prefix("l1/");  // not l10/x
  CHECK(sorted(scheduler.take_cancelled()) == Keys{"l1/b"});
  CHECK(scheduler.cancelled_in_flight() == Keys{"l1/a"});
  scheduler.cancel("l2/a");
  scheduler.cancel("never-wanted");
  CHECK(scheduler.take_cancelled() == Keys{"l2/a"});
  CHECK(scheduler.counts().queued == 2);

  CHECK(scheduler.finish("l1/a", Status(), 1).action == RequestAction::discard);
  CHECK(scheduler.start_ready(1) == Keys{"l10/x"});
  REQUIRE(scheduler.finish("l10/x", Status(), 2).action == RequestAction::deliver);
  CHECK(scheduler.start_ready(2) == Keys{"l3/a"});
}

TEST_CASE("scheduler retries transient failures after an exponential backoff", "[scheduler]") {
  RequestScheduler scheduler(no_jitter());  // 0.25 s, doubling, 4 tries
  scheduler.want("b", 1);
  CHECK(scheduler.start_ready(0) == Keys{"b"});

  CHECK(scheduler.finish("b", transient("b"), 1.0).action == RequestAction::retry);
  CHECK(scheduler.counts().waiting_retry == 1);
  CHECK(scheduler.counts().in_flight == 0);
  CHECK(scheduler.start_ready(1.0).empty());
  CHECK(scheduler.start_ready(1.249).empty());
  CHECK(scheduler.start_ready(1.25) == Keys{"b"});
  CHECK(scheduler.counts().waiting_retry == 0);

  CHECK(scheduler.finish("b", transient("b"), 2.0).action == RequestAction::retry);
  CHECK(scheduler.start_ready(2.499).empty());
  CHECK(scheduler.start_ready(2.5) == Keys{"b"});

  CHECK(scheduler.finish("b", transient("b"), 3.0).action == RequestAction::retry);
  CHECK(scheduler.start_ready(3.999).empty());
  CHECK(scheduler.start_ready(4.0) == Keys{"b"});
  CHECK(scheduler.counts().retries == 3);

  const FinishResult last = scheduler.finish("b", transient("b"), 4.5);
  CHECK(last.action == RequestAction::failed);
  REQUIRE(last.failure.has_value());
  CHECK(last.failure->code == ErrorCode::unavailable);
  CHECK(last.failure->message == "http://h/b: HTTP status 503 (server error) (after 4 tries)");
  CHECK(scheduler.counts().failed == 1);
  CHECK(scheduler.counts().retries == 3);
  CHECK(scheduler.start_ready(100).empty());
}

TEST_CASE("scheduler lets a retry of higher priority overtake queued keys", "[scheduler]") {
  RequestSchedulerOptions options = no_jitter();
  options.max_in_flight = 1;
  RequestScheduler scheduler(options);
  scheduler.want("hi", 5);
  scheduler.want("lo", 1);
  CHECK(scheduler.start_ready(0) == Keys{"hi"});
  CHECK(scheduler.finish("hi", transient("hi"), 0).action == RequestAction::retry);
  CHECK(scheduler.start_ready(0.1) == Keys{"lo"});  // hi is waiting
  REQUIRE(scheduler.finish("lo", Status(), 0.2).action == RequestAction::deliver);
  scheduler.want("lo2", 1);
  CHECK(scheduler.start_ready(0.3) == Keys{"hi"});
}

TEST_CASE("scheduler jitters backoffs deterministically within bounds", "[scheduler]") {
  // 100 keys fail together at t = 0; each retry starts in [0.25, 0.25 * 1.25) s, not all at once,
  // and two schedulers fed the same calls agree to the millisecond step.
  const auto retry_times = [] {
    RequestSchedulerOptions options;  // jitter_fraction 0.25
    options.max_in_flight = 100;
    RequestScheduler scheduler(options);
    for (int i = 0; i < 100; ++i) scheduler.want("brick/" + std::to_string(i), 1);
    for (const std::string& key : scheduler.start_ready(0))
      REQUIRE(scheduler.finish(key, transient(key), 0).action == RequestAction::retry);
    std::map<std::string, int> started_ms;
    for (int ms = 0; ms <= 400; ++ms) {
      for (const std::string& key : scheduler.start_ready(ms / 1000.0)) started_ms[key] = ms;
    }
    return started_ms;
  };
  const std::map<std::string, int> first = retry_times();
  REQUIRE(first.size() == 100);
  std::set<int> distinct;
  for (const auto& [key, ms] : first) {
    CHECK(ms >= 250);
    CHECK(ms <= 313);  // 312.5 ms rounded up to the next step
    distinct.insert(ms);
  }
  CHECK(distinct.size() >= 20);
  CHECK(retry_times() == first);
}

TEST_CASE("scheduler stops retrying when the retry budget is spent", "[scheduler]") {
  RequestSchedulerOptions options = no_jitter();
  options.max_tries = 10;
  options.retry_budget_s = 1.0;
  RequestScheduler scheduler(options);

  scheduler.want("slow", 1);
  CHECK(scheduler.start_ready(0) == Keys{"slow"});
  const FinishResult slow = scheduler.finish("slow", transient("slow"), 0.9);  // retry at 1.15 > 1
  CHECK(slow.action == RequestAction::failed);
  REQUIRE(slow.failure.has_value());
  CHECK(slow.failure->message == "http://h/slow: HTTP status 503 (server error)");

  scheduler.want("quick", 1);
  CHECK(scheduler.start_ready(10) == Keys{"quick"});
  CHECK(scheduler.finish("quick", transient("quick"), 10.5).action == RequestAction::retry);  // 10.75
  CHECK(scheduler.start_ready(10.75) == Keys{"quick"});
  const FinishResult quick = scheduler.finish("quick", transient("quick"), 10.8);  // 11.3 > 11
  CHECK(quick.action == RequestAction::failed);
  REQUIRE(quick.failure.has_value());
  CHECK(quick.failure->message == "http://h/quick: HTTP status 503 (server error) (after 2 tries)");
  CHECK(scheduler.counts().retries == 1);
}

TEST_CASE("scheduler does not retry permanent failures and remembers them", "[scheduler]") {
  RequestScheduler scheduler(no_jitter());
  scheduler.want("lay/404", 1);
  scheduler.want("other/bad", 1);
  CHECK(scheduler.start_ready(0) == Keys{"lay/404", "other/bad"});

  const FinishResult missing = scheduler.finish("lay/404", not_found("lay/404"), 0.1);
  CHECK(missing.action == RequestAction::failed);
  REQUIRE(missing.failure.has_value());
  CHECK(missing.failure->code == ErrorCode::not_found);
  CHECK(missing.failure->message == "http://h/lay/404: HTTP status 404 (expected 206)");
  const Status corrupt = make_error(ErrorCode::parse, "http://h/other/bad: zstd frame is corrupt");
  CHECK(scheduler.finish("other/bad", corrupt, 0.1).action == RequestAction::failed);
  CHECK(scheduler.counts().retries == 0);
  CHECK(scheduler.counts().failed == 2);

  for (int frame = 0; frame < 3; ++frame) {  // no hammering every frame
    scheduler.begin_frame();
    scheduler.want("lay/404", 1);
    scheduler.want("other/bad", 1);
    CHECK(scheduler.start_ready(1 + frame).empty());
  }
  REQUIRE(scheduler.failure("lay/404") != nullptr);
  CHECK(scheduler.failure("lay/404")->message == missing.failure->message);
  CHECK(scheduler.failure("lay/4") == nullptr);

  scheduler.forget_failures("lay/");
  CHECK(scheduler.failure("lay/404") == nullptr);
  CHECK(scheduler.failure("other/bad") != nullptr);
  CHECK(scheduler.counts().failed == 1);
  scheduler.want("lay/404", 1);
  scheduler.want("other/bad", 1);
  CHECK(scheduler.start_ready(5) == Keys{"lay/404"});
  scheduler.forget_failures("");
  CHECK(scheduler.counts().failed == 0);
}

TEST_CASE("scheduler fails at once on a permanent failure after transient ones", "[scheduler]") {
  RequestScheduler scheduler(no_jitter());
  scheduler.want("k", 1);
  CHECK(scheduler.start_ready(0) == Keys{"k"});
  CHECK(scheduler.finish("k", transient("k"), 0).action == RequestAction::retry);
  CHECK(scheduler.start_ready(0.25) == Keys{"k"});
  const FinishResult result = scheduler.finish("k", not_found("k"), 0.5);
  CHECK(result.action == RequestAction::failed);
  REQUIRE(result.failure.has_value());
  CHECK(result.failure->code == ErrorCode::not_found);
  CHECK(result.failure->message == "http://h/k: HTTP status 404 (expected 206) (after 2 tries)");
}

TEST_CASE("scheduler cancels keys waiting for a retry", "[scheduler]") {
  RequestScheduler scheduler(no_jitter());
  scheduler.begin_frame();
  scheduler.want("w/frame", 1);
  scheduler.want("w/explicit", 1);
  CHECK(scheduler.start_ready(0) == Keys{"w/frame", "w/explicit"});
  CHECK(scheduler.finish("w/frame", transient("w/frame"), 0).action == RequestAction::retry);
  CHECK(scheduler.finish("w/explicit", transient("w/explicit"), 0).action == RequestAction::retry);
  CHECK(scheduler.counts().waiting_retry == 2);

  scheduler.cancel("w/explicit");
  CHECK(scheduler.take_cancelled() == Keys{"w/explicit"});
  scheduler.begin_frame();  // w/frame is not wanted any more
  CHECK(scheduler.start_ready(1).empty());
  CHECK(scheduler.take_cancelled() == Keys{"w/frame"});
  CHECK(scheduler.counts().waiting_retry == 0);
  CHECK(scheduler.counts().failed == 0);
}

TEST_CASE("scheduler discards finishes of keys not in flight", "[scheduler]") {
  RequestScheduler scheduler;
  CHECK(scheduler.finish("nobody", Status(), 0).action == RequestAction::discard);
  scheduler.want("queued", 1);
  CHECK(scheduler.finish("queued", Status(), 0).action == RequestAction::discard);
  CHECK(scheduler.start_ready(0) == Keys{"queued"});
  CHECK(scheduler.finish("queued", Status(), 1).action == RequestAction::deliver);
  CHECK(scheduler.finish("queued", Status(), 1).action == RequestAction::discard);
  CHECK(scheduler.counts().in_flight == 0);
}

TEST_CASE("scheduler handles 100000 queued keys", "[scheduler]") {
  RequestSchedulerOptions options;
  options.max_in_flight = 6;
  RequestScheduler scheduler(options);
  constexpr int n = 100'000;
  scheduler.begin_frame();
  for (int i = 0; i < n; ++i) scheduler.want("b/" + std::to_string(i), i % 1000);
  // Best: priority 999, first wanted first: b/999, b/1999, ...
  CHECK(scheduler.start_ready(0) == Keys{"b/999", "b/1999", "b/2999", "b/3999", "b/4999", "b/5999"});
  CHECK(scheduler.counts().queued == n - 6);
  scheduler.begin_frame();
  for (int i = 0; i < n; i += 2) scheduler.want("b/" + std::to_string(i), -i);
  CHECK(scheduler.start_ready(1).empty());                // all 6 workers still busy with cancelled keys
  CHECK(scheduler.take_cancelled().size() == n / 2 - 6);  // odd keys but the 6 in flight
  CHECK(scheduler.cancelled_in_flight() == Keys{"b/1999", "b/2999", "b/3999", "b/4999", "b/5999", "b/999"});
  CHECK(scheduler.counts().queued == n / 2);
  for (const std::string& key : scheduler.cancelled_in_flight())
    CHECK(scheduler.finish(key, Status(), 2).action == RequestAction::discard);
  CHECK(scheduler.start_ready(2) == Keys{"b/0", "b/2", "b/4", "b/6", "b/8", "b/10"});
}

namespace {

// Brute-force reference: a plain vector scanned linearly, no indexes.
class ModelScheduler {
 public:
  explicit ModelScheduler(RequestSchedulerOptions options) : options_(options) {}

  void begin_frame() { ++frame_; }

  void want(const std::string& key, double priority) {
    if (failed_.count(key) != 0) return;
    Entry* entry = find(key);
    if (entry == nullptr) {
      entries_.push_back(Entry{key, State::queued, priority, seq_++, frame_, 0, 0, 0, false});
      return;
    }
    if (entry->state == State::in_flight) {
      entry->cancelled = false;
    } else {
      entry->priority = priority;
    }
    entry->wanted_frame = frame_;
  }

  Keys start_ready(double now_s) {
    for (std::size_t i = 0; i < entries_.size();) {
      Entry& entry = entries_[i];
      if (entry.cancelled || entry.wanted_frame == frame_) {
        ++i;
      } else if (entry.state == State::in_flight) {
        entry.cancelled = true;
      } else {
        cancelled_.push_back(entry.key);
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
    for (Entry& entry : entries_) {
      if (entry.state == State::waiting && entry.retry_at_s <= now_s) entry.state = State::queued;
    }
    Keys started;
    while (in_flight() < static_cast<std::size_t>(options_.max_in_flight)) {
      Entry* best = nullptr;
      for (Entry& entry : entries_) {
        if (entry.state != State::queued) continue;
        if (best == nullptr || entry.priority > best->priority ||
            (entry.priority == best->priority && entry.seq < best->seq))
          best = &entry;
      }
      if (best == nullptr) break;
      best->state = State::in_flight;
      if (++best->tries == 1) best->first_try_s = now_s;
      started.push_back(best->key);
    }
    return started;
  }

  FinishResult finish(const std::string& key, const Status& status, double now_s) {
    Entry* entry = find(key);
    if (entry == nullptr || entry->state != State::in_flight) return {};
    const bool cancelled = entry->cancelled;
    if (cancelled || status.ok()) {
      remove(key);
      return {cancelled ? RequestAction::discard : RequestAction::deliver, std::nullopt};
    }
    const double retry_at_s = now_s + options_.first_backoff_s * std::pow(2.0, entry->tries - 1);
    if (status.error().code == ErrorCode::unavailable && entry->tries < options_.max_tries &&
        retry_at_s - entry->first_try_s <= options_.retry_budget_s) {
      entry->state = State::waiting;
      entry->retry_at_s = retry_at_s;
      ++retries_;
      return {RequestAction::retry, std::nullopt};
    }
    const std::string tries = entry->tries > 1 ? " (after " + std::to_string(entry->tries) + " tries)" : "";
    const Error failure{status.error().code, status.error().message + tries};
    failed_[key] = failure;
    remove(key);
    return {RequestAction::failed, failure};
  }

  void cancel_prefix(const std::string& prefix) {
    for (std::size_t i = 0; i < entries_.size();) {
      Entry& entry = entries_[i];
      if (entry.key.compare(0, prefix.size(), prefix) != 0) {
        ++i;
      } else if (entry.state == State::in_flight) {
        entry.cancelled = true;
        ++i;
      } else {
        cancelled_.push_back(entry.key);
        entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }

  void forget_failures(const std::string& prefix) {
    for (auto it = failed_.begin(); it != failed_.end();)
      it = it->first.compare(0, prefix.size(), prefix) == 0 ? failed_.erase(it) : std::next(it);
  }

  Keys take_cancelled() { return std::exchange(cancelled_, {}); }

  Keys cancelled_in_flight() const {
    Keys keys;
    for (const Entry& entry : entries_)
      if (entry.cancelled) keys.push_back(entry.key);
    return sorted(keys);
  }

  Keys in_flight_keys() const {
    Keys keys;
    for (const Entry& entry : entries_)
      if (entry.state == State::in_flight) keys.push_back(entry.key);
    return keys;
  }

  RequestCounts counts() const {
    RequestCounts counts;
    for (const Entry& entry : entries_) {
      if (entry.state == State::queued) ++counts.queued;
      if (entry.state == State::waiting) ++counts.waiting_retry;
      if (entry.state == State::in_flight) ++counts.in_flight;
    }
    counts.failed = failed_.size();
    counts.retries = retries_;
    return counts;
  }

 private:
  enum class State { queued, waiting, in_flight };
  struct Entry {
    std::string key;
    State state;
    double priority;
    std::uint64_t seq;
    std::uint64_t wanted_frame;
    int tries;
    double first_try_s;
    double retry_at_s;
    bool cancelled;
  };

  Entry* find(const std::string& key) {
    for (Entry& entry : entries_)
      if (entry.key == key) return &entry;
    return nullptr;
  }
  void remove(const std::string& key) {
    entries_.erase(
        std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; }));
  }
  std::size_t in_flight() const { return counts().in_flight; }

  RequestSchedulerOptions options_;
  std::vector<Entry> entries_;
  std::map<std::string, Error> failed_;
  Keys cancelled_;
  std::uint64_t frame_ = 0;
  std::uint64_t seq_ = 0;
  std::uint64_t retries_ = 0;
};

void check_same_counts(const RequestCounts& got, const RequestCounts& expected) {
  CHECK(got.queued == expected.queued);
  CHECK(got.in_flight == expected.in_flight);
  CHECK(got.waiting_retry == expected.waiting_retry);
  CHECK(got.failed == expected.failed);
  CHECK(got.retries == expected.retries);
}

}  // namespace

TEST_CASE("scheduler agrees with a brute-force model under random operations", "[scheduler]") {
  RequestSchedulerOptions options = no_jitter();
  options.max_in_flight = 3;
  options.retry_budget_s = 2.0;
  const char* prefixes[] = {"a/", "b/", "a/1", "c"};
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Lcg rng{seed};
    RequestScheduler scheduler(options);
    ModelScheduler model(options);
    double now_s = 0;
    for (int step = 0; step < 2000; ++step) {
      const std::uint32_t op = rng.below(100);
      const char* layer = rng.below(2) == 0 ? "a/" : "b/";  // draws in a fixed order
      const std::string key = layer + std::to_string(rng.below(12));
      if (op < 40) {
        const double priority = static_cast<double>(rng.below(4));  // many ties
        scheduler.want(key, priority);
        model.want(key, priority);
      } else if (op < 47) {
        scheduler.begin_frame();
        model.begin_frame();
      } else if (op < 62) {
        now_s += 0.125 * rng.below(4);  // exact binary fractions
        CHECK(scheduler.start_ready(now_s) == model.start_ready(now_s));
      } else if (op < 85) {
        const Keys in_flight = model.in_flight_keys();
        const std::string done =
            in_flight.empty() ? key : in_flight[rng.below(static_cast<std::uint32_t>(in_flight.size()))];
        const std::uint32_t kind = rng.below(4);
        const Status status = kind < 2 ? Status() : kind == 2 ? transient(done) : not_found(done);
        const FinishResult got = scheduler.finish(done, status, now_s);
        const FinishResult expected = model.finish(done, status, now_s);
        CHECK(got.action == expected.action);
        REQUIRE(got.failure.has_value() == expected.failure.has_value());
        if (got.failure) CHECK(got.failure->message == expected.failure->message);
      } else if (op < 90) {
        const std::string prefix = rng.below(3) == 0 ? key : prefixes[rng.below(4)];
        scheduler.cancel_prefix(prefix);
        model.cancel_prefix(prefix);
      } else if (op < 93) {
        const std::string prefix = prefixes[rng.below(4)];
        scheduler.forget_failures(prefix);
        model.forget_failures(prefix);
      } else {
        CHECK(sorted(scheduler.take_cancelled()) == sorted(model.take_cancelled()));
      }
      CHECK(scheduler.cancelled_in_flight() == model.cancelled_in_flight());
      check_same_counts(scheduler.counts(), model.counts());
    }
  }
}

}  // namespace hs
