// Request scheduling: an ordered ready set (priority, first-want order), a retry set ordered by
// time, and a recency list of wanted keys whose unwanted tail is cancelled once per frame.
#include "store/request_scheduler.h"

#include <cassert>
#include <cmath>
#include <iterator>
#include <limits>
#include <utility>

namespace hs {
namespace {

// A number in [0, 1) fixed by the key and the try number (64-bit FNV-1a hash, top 53 bits).
double jitter_unit(std::string_view key, int tries) {
  std::uint64_t hash = 14695981039346656037ULL;
  const auto mix = [&hash](std::uint8_t byte) {
    hash ^= byte;
    hash *= 1099511628211ULL;
  };
  for (const char c : key) mix(static_cast<std::uint8_t>(c));
  for (int shift = 0; shift < 32; shift += 8)
    mix(static_cast<std::uint8_t>(static_cast<std::uint32_t>(tries) >> shift));
  return static_cast<double>(hash >> 11) * 0x1p-53;
}

// Said only after retries, like HttpStore's messages: a first-try failure reads as the error itself.
std::string after_tries(int tries) { return tries > 1 ? " (after " + std::to_string(tries) + " tries)" : ""; }

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

RequestScheduler::RequestScheduler(RequestSchedulerOptions options) : options_(options) {
  assert(options_.max_in_flight >= 1);
  assert(options_.max_tries >= 1);
  assert(options_.first_backoff_s >= 0 && options_.jitter_fraction >= 0 && options_.retry_budget_s >= 0);
}

void RequestScheduler::begin_frame() {
  ++frame_;
}

void RequestScheduler::want(std::string_view key, double priority) {
  if (std::isnan(priority)) priority = -std::numeric_limits<double>::infinity();
  if (failed_.find(key) != failed_.end()) return;
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    it = entries_.emplace(std::string(key), Entry{}).first;
    Entry& entry = it->second;
    entry.priority = priority;
    entry.seq = next_seq_++;
    ready_.insert(ReadyKey{priority, entry.seq, &it->first});
    touch(it);
    return;
  }
  Entry& entry = it->second;
  switch (entry.state) {
    case State::queued:
      ready_.erase(ReadyKey{entry.priority, entry.seq, nullptr});
      entry.priority = priority;
      ready_.insert(ReadyKey{priority, entry.seq, &it->first});
      break;
    case State::waiting_retry:
      entry.priority = priority;
      break;
    case State::in_flight:
      if (entry.cancelled) {
        entry.cancelled = false;
        cancelled_in_flight_.erase(it->first);
      }
      break;
  }
  touch(it);
}

std::vector<std::string> RequestScheduler::start_ready(double now_s) {
  sweep_unwanted();
  move_due_retries(now_s);
  std::vector<std::string> started;
  while (in_flight_ < static_cast<std::size_t>(options_.max_in_flight) && !ready_.empty()) {
    const std::string* key = ready_.begin()->key;
    ready_.erase(ready_.begin());
    Entry& entry = entries_.find(*key)->second;
    entry.state = State::in_flight;
    if (++entry.tries == 1) entry.first_try_s = now_s;
    ++in_flight_;
    started.push_back(*key);
  }
  return started;
}

FinishResult RequestScheduler::finish(std::string_view key, const Status& status, double now_s) {
  const auto it = entries_.find(key);
  if (it == entries_.end() || it->second.state != State::in_flight) return {};
  --in_flight_;
  Entry& entry = it->second;
  if (entry.cancelled) {
    remove_entry(it);
    return {};
  }
  if (status.ok()) {
    remove_entry(it);
    return {RequestAction::deliver, std::nullopt};
  }
  const Error& error = status.error();
  if (error.code == ErrorCode::unavailable && entry.tries < options_.max_tries) {
    const double retry_at_s = now_s + backoff_s(key, entry.tries);
    if (retry_at_s - entry.first_try_s <= options_.retry_budget_s) {
      entry.state = State::waiting_retry;
      entry.retry_at_s = retry_at_s;
      waiting_.insert(WaitKey{retry_at_s, entry.seq, &it->first});
      ++retries_;
      return {RequestAction::retry, std::nullopt};
    }
  }
  Error failure{error.code, error.message + after_tries(entry.tries)};
  failed_.insert_or_assign(std::string(key), failure);
  remove_entry(it);
  return {RequestAction::failed, std::move(failure)};
}

void RequestScheduler::cancel(std::string_view key) {
  const auto it = entries_.find(key);
  if (it != entries_.end()) cancel_entry(it);
}

void RequestScheduler::cancel_prefix(std::string_view prefix) {
  auto it = entries_.lower_bound(prefix);
  while (it != entries_.end() && starts_with(it->first, prefix)) {
    const auto next = std::next(it);
    cancel_entry(it);
    it = next;
  }
}

std::vector<std::string> RequestScheduler::take_cancelled() {
  return std::exchange(cancelled_, {});
}

std::vector<std::string> RequestScheduler::cancelled_in_flight() const {
  return {cancelled_in_flight_.begin(), cancelled_in_flight_.end()};
}

void RequestScheduler::forget_failures(std::string_view prefix) {
  auto it = failed_.lower_bound(prefix);
  while (it != failed_.end() && starts_with(it->first, prefix)) it = failed_.erase(it);
}

const Error* RequestScheduler::failure(std::string_view key) const {
  const auto it = failed_.find(key);
  return it == failed_.end() ? nullptr : &it->second;
}

RequestCounts RequestScheduler::counts() const {
  return RequestCounts{ready_.size(), in_flight_, waiting_.size(), failed_.size(), retries_};
}

void RequestScheduler::cancel_entry(EntryMap::iterator it) {
  Entry& entry = it->second;
  if (entry.state != State::in_flight) {
    cancelled_.push_back(it->first);
    remove_entry(it);
    return;
  }
  if (entry.cancelled) return;
  entry.cancelled = true;
  cancelled_in_flight_.insert(it->first);
  recency_.erase(entry.recency_pos);
  entry.in_recency = false;
}

void RequestScheduler::remove_entry(EntryMap::iterator it) {
  const Entry& entry = it->second;
  if (entry.state == State::queued) ready_.erase(ReadyKey{entry.priority, entry.seq, nullptr});
  if (entry.state == State::waiting_retry) waiting_.erase(WaitKey{entry.retry_at_s, entry.seq, nullptr});
  if (entry.in_recency) recency_.erase(entry.recency_pos);
  if (entry.cancelled) cancelled_in_flight_.erase(it->first);
  entries_.erase(it);
}

void RequestScheduler::touch(EntryMap::iterator it) {
  Entry& entry = it->second;
  entry.wanted_frame = frame_;
  if (entry.in_recency) {
    recency_.splice(recency_.begin(), recency_, entry.recency_pos);
  } else {
    recency_.push_front(&it->first);
    entry.recency_pos = recency_.begin();
    entry.in_recency = true;
  }
}

void RequestScheduler::sweep_unwanted() {
  while (!recency_.empty()) {
    const auto it = entries_.find(*recency_.back());
    if (it->second.wanted_frame == frame_) return;
    cancel_entry(it);
  }
}

void RequestScheduler::move_due_retries(double now_s) {
  while (!waiting_.empty() && waiting_.begin()->retry_at_s <= now_s) {
    const std::string* key = waiting_.begin()->key;
    waiting_.erase(waiting_.begin());
    Entry& entry = entries_.find(*key)->second;
    entry.state = State::queued;
    ready_.insert(ReadyKey{entry.priority, entry.seq, key});
  }
}

double RequestScheduler::backoff_s(std::string_view key, int tries) const {
  const double nominal_s = std::ldexp(options_.first_backoff_s, tries - 1);
  return nominal_s * (1.0 + options_.jitter_fraction * jitter_unit(key, tries));
}

}  // namespace hs
