// Streams decoded bricks (or point-cloud nodes) for the viewer: layers ask each frame for what
// they need with a priority; cached bricks come back at once, missing ones are requested through
// the platform (data workers) in priority order, deduplicated, cancelled when no longer wanted,
// retried with backoff on transient failures, and kept in a byte-budgeted LRU cache.
//
// Per frame: begin_frame(); layers call want(); update(now_s, hooks); replies arrive through
// finish() whenever the platform has them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "store/request_scheduler.h"
#include "util/bytes.h"
#include "volume/brick_cache.h"

namespace hs {

// One brick of one array of an open dataset.
struct BrickRequest {
  int dataset_id = 0;
  std::string array;                  // the array's path in the dataset, e.g. "2"
  std::vector<std::uint64_t> coords;  // brick-grid coordinates
};

// "d<dataset>/<array>/<c0>,<c1>,...": unique per brick, and every key of a dataset starts with
// "d<dataset>/".
std::string brick_key(const BrickRequest& request);

struct BrickStreamerHooks {
  // Hands a request to a worker; its reply must come back through finish(key, ...).
  std::function<void(const std::string& key, const BrickRequest& request)> start;
  // Tells the platform a started request's result is no longer wanted (it may drop it early).
  std::function<void(const std::string& key)> abort;
};

struct BrickStreamerCounts {
  RequestCounts requests;
  std::uint64_t cache_bytes = 0;
  std::uint64_t cache_budget_bytes = 0;
  std::uint64_t delivered = 0;  // bricks received since construction
};

class BrickStreamer {
 public:
  BrickStreamer(std::uint64_t cache_budget_bytes, RequestSchedulerOptions options = {});

  void begin_frame();
  // The brick when cached (now the most recently used), else nullptr and the brick is requested
  // at `priority` (higher first) unless it failed for good (see failure()).
  std::shared_ptr<const Bytes> want(const BrickRequest& request, double priority);
  // Starts the requests that are due; aborts the started ones nobody wants any more.
  void update(double now_s, const BrickStreamerHooks& hooks);
  // A worker's reply: `status` ok with the decoded brick, or the error (ErrorCode::unavailable for
  // transient failures). Returns the failure when the brick failed for good, else nullptr.
  const Error* finish(const std::string& key, const Status& status, Bytes brick, double now_s);
  // The permanent failure of a brick, or nullptr.
  const Error* failure(const BrickRequest& request) const;
  // Drops everything of a dataset: queued and in-flight requests, cached bricks, failures.
  void forget_dataset(int dataset_id);

  BrickStreamerCounts counts() const;

 private:
  RequestScheduler scheduler_;
  BrickCache cache_;
  std::map<std::string, BrickRequest, std::less<>> pending_;  // wanted, not yet delivered
  std::vector<std::string> aborted_;                           // told to the platform already
  std::uint64_t delivered_ = 0;
};

}  // namespace hs
