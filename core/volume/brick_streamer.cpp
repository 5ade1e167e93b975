// The brick streamer: the request scheduler decides, the cache remembers.
#include "volume/brick_streamer.h"

#include <algorithm>

namespace hs {

std::string brick_key(const BrickRequest& request) {
  std::string key = "d" + std::to_string(request.dataset_id) + "/" + request.array + "/";
  for (std::size_t i = 0; i < request.coords.size(); ++i) key += (i ? "," : "") + std::to_string(request.coords[i]);
  return key;
}

BrickStreamer::BrickStreamer(std::uint64_t cache_budget_bytes, RequestSchedulerOptions options)
    : scheduler_(options), cache_(cache_budget_bytes) {}

void BrickStreamer::begin_frame() { scheduler_.begin_frame(); }

std::shared_ptr<const Bytes> BrickStreamer::want(const BrickRequest& request, double priority) {
  const std::string key = brick_key(request);
  if (auto cached = cache_.get(key)) return cached;
  if (scheduler_.failure(key) != nullptr) return nullptr;
  scheduler_.want(key, priority);
  pending_.try_emplace(key, request);
  return nullptr;
}

void BrickStreamer::update(double now_s, const BrickStreamerHooks& hooks) {
  for (const std::string& key : scheduler_.start_ready(now_s)) {
    const auto it = pending_.find(key);
    if (it != pending_.end() && hooks.start) hooks.start(key, it->second);
  }
  for (const std::string& key : scheduler_.take_cancelled()) pending_.erase(key);
  // Each cancelled request is announced once; the list is pruned as their replies arrive.
  for (const std::string& key : scheduler_.cancelled_in_flight()) {
    if (std::find(aborted_.begin(), aborted_.end(), key) != aborted_.end()) continue;
    aborted_.push_back(key);
    if (hooks.abort) hooks.abort(key);
  }
}

const Error* BrickStreamer::finish(const std::string& key, const Status& status, Bytes brick, double now_s) {
  std::erase(aborted_, key);
  const FinishResult result = scheduler_.finish(key, status, now_s);
  switch (result.action) {
    case RequestAction::deliver:
      pending_.erase(key);
      ++delivered_;
      // A brick larger than the whole cache cannot be kept; it is asked for again next frame.
      (void)cache_.put(key, std::make_shared<const Bytes>(std::move(brick)));
      return nullptr;
    case RequestAction::retry:
      return nullptr;
    case RequestAction::failed:
      pending_.erase(key);
      return scheduler_.failure(key);
    case RequestAction::discard:  // cancelled: nobody wants it (a renewed want would have delivered)
      pending_.erase(key);
      return nullptr;
  }
  return nullptr;
}

const Error* BrickStreamer::failure(const BrickRequest& request) const {
  return scheduler_.failure(brick_key(request));
}

void BrickStreamer::forget_dataset(int dataset_id) {
  const std::string prefix = "d" + std::to_string(dataset_id) + "/";
  scheduler_.cancel_prefix(prefix);
  scheduler_.forget_failures(prefix);
  cache_.erase_prefix(prefix);
  for (auto it = pending_.lower_bound(prefix); it != pending_.end() && it->first.starts_with(prefix);) {
    it = pending_.erase(it);
  }
}

BrickStreamerCounts BrickStreamer::counts() const {
  return {scheduler_.counts(), cache_.bytes_used(), cache_.budget_bytes(), delivered_};
}

}  // namespace hs
