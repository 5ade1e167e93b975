// The brick streamer with a scripted platform: priority order and the in-flight cap, cached bricks
// served without requests, retries of transient failures after their backoff, permanent failures
// remembered, cancellation of unwanted bricks (queued and in flight), and a removed dataset.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "volume/brick_streamer.h"

namespace {

struct Platform {
  std::vector<std::string> started;
  std::vector<std::string> aborted;
  hs::BrickStreamerHooks hooks() {
    return {[this](const std::string& key, const hs::BrickRequest&) { started.push_back(key); },
            [this](const std::string& key) { aborted.push_back(key); }};
  }
};

hs::BrickRequest brick(int dataset, std::uint64_t x) { return {dataset, "0", {0, 0, x}}; }

hs::RequestSchedulerOptions two_at_a_time() {
  hs::RequestSchedulerOptions options;
  options.max_in_flight = 2;
  options.first_backoff_s = 1.0;
  options.jitter_fraction = 0.0;
  options.max_tries = 2;
  return options;
}

}  // namespace

TEST_CASE("brick streamer: keys name dataset, array and coordinates", "[brick_streamer]") {
  CHECK(hs::brick_key({3, "2", {0, 1, 4, 5, 6}}) == "d3/2/0,1,4,5,6");
  CHECK(hs::brick_key({12, "nodes", {7}}) == "d12/nodes/7");
}

TEST_CASE("brick streamer: requests go out best first, two at a time, and land in the cache", "[brick_streamer]") {
  hs::BrickStreamer streamer(1000, two_at_a_time());
  Platform platform;
  streamer.begin_frame();
  CHECK(streamer.want(brick(1, 0), 1.0) == nullptr);
  CHECK(streamer.want(brick(1, 1), 3.0) == nullptr);
  CHECK(streamer.want(brick(1, 2), 2.0) == nullptr);
  CHECK(streamer.want(brick(1, 1), 3.0) == nullptr);  // asked twice in a frame: still one request
  streamer.update(0.0, platform.hooks());
  CHECK(platform.started == std::vector<std::string>{"d1/0/0,0,1", "d1/0/0,0,2"});

  CHECK(streamer.finish("d1/0/0,0,1", {}, hs::Bytes(100, 7), 0.1) == nullptr);
  streamer.begin_frame();
  auto cached = streamer.want(brick(1, 1), 3.0);
  REQUIRE(cached != nullptr);
  CHECK(*cached == hs::Bytes(100, 7));
  streamer.want(brick(1, 0), 1.0);
  streamer.want(brick(1, 2), 2.0);
  streamer.update(0.2, platform.hooks());
  CHECK(platform.started.back() == "d1/0/0,0,0");
  CHECK(platform.started.size() == 3u);
  CHECK(streamer.counts().cache_bytes == 100u);
  CHECK(streamer.counts().delivered == 1u);
}

TEST_CASE("brick streamer: transient failures retry after the backoff, permanent ones are remembered", "[brick_streamer]") {
  hs::BrickStreamer streamer(1000, two_at_a_time());
  Platform platform;
  streamer.want(brick(1, 0), 1.0);
  streamer.want(brick(1, 1), 1.0);
  streamer.update(0.0, platform.hooks());
  REQUIRE(platform.started.size() == 2u);
  const hs::Status down = hs::make_error(hs::ErrorCode::unavailable, "u/0: HTTP status 503 (server error)");
  CHECK(streamer.finish("d1/0/0,0,0", down, {}, 0.0) == nullptr);
  const hs::Status gone = hs::make_error(hs::ErrorCode::not_found, "u/1: HTTP status 404");
  const hs::Error* failed = streamer.finish("d1/0/0,0,1", gone, {}, 0.0);
  REQUIRE(failed != nullptr);
  CHECK_THAT(failed->message, Catch::StartsWith("u/1: HTTP status 404"));

  streamer.want(brick(1, 0), 1.0);
  CHECK(streamer.want(brick(1, 1), 1.0) == nullptr);
  streamer.update(0.5, platform.hooks());  // before the 1 s backoff: nothing starts
  CHECK(platform.started.size() == 2u);
  streamer.update(1.01, platform.hooks());
  CHECK(platform.started == std::vector<std::string>{"d1/0/0,0,0", "d1/0/0,0,1", "d1/0/0,0,0"});
  const hs::Error* last = streamer.finish("d1/0/0,0,0", down, {}, 1.1);  // second and last try
  REQUIRE(last != nullptr);
  CHECK_THAT(last->message, Catch::EndsWith("(after 2 tries)"));
  CHECK(streamer.failure(brick(1, 1)) != nullptr);
  CHECK(streamer.counts().requests.failed == 2u);
}

TEST_CASE("brick streamer: unwanted bricks are cancelled, and a removed dataset is forgotten", "[brick_streamer]") {
  hs::BrickStreamer streamer(1000, two_at_a_time());
  Platform platform;
  streamer.begin_frame();
  for (std::uint64_t x = 0; x < 3; ++x) streamer.want(brick(1, x), 1.0);
  streamer.want(brick(2, 0), 0.5);
  streamer.update(0.0, platform.hooks());
  REQUIRE(platform.started.size() == 2u);

  streamer.begin_frame();  // the view moved: only dataset 2 is wanted now
  streamer.want(brick(2, 0), 0.5);
  streamer.update(0.1, platform.hooks());
  CHECK(platform.aborted == std::vector<std::string>{"d1/0/0,0,0", "d1/0/0,0,1"});
  streamer.update(0.1, platform.hooks());
  CHECK(platform.aborted.size() == 2u);  // each announced once
  // Their late replies are dropped, and the freed slots go to dataset 2.
  streamer.finish("d1/0/0,0,0", {}, hs::Bytes(10), 0.2);
  streamer.finish("d1/0/0,0,1", {}, hs::Bytes(10), 0.2);
  CHECK(streamer.counts().cache_bytes == 0u);
  streamer.begin_frame();
  streamer.want(brick(2, 0), 0.5);
  streamer.update(0.3, platform.hooks());
  CHECK(platform.started.back() == "d2/0/0,0,0");
  streamer.finish("d2/0/0,0,0", {}, hs::Bytes(10), 0.4);
  CHECK(streamer.counts().cache_bytes == 10u);

  streamer.forget_dataset(2);
  CHECK(streamer.counts().cache_bytes == 0u);
  CHECK(streamer.counts().requests.queued == 0u);
}

TEST_CASE("brick streamer: the cache budget is a hard limit", "[brick_streamer]") {
  hs::BrickStreamer streamer(250, two_at_a_time());
  Platform platform;
  for (std::uint64_t x = 0; x < 4; ++x) {
    streamer.want(brick(1, x), 1.0);
    streamer.update(0.0, platform.hooks());
    streamer.finish(hs::brick_key(brick(1, x)), {}, hs::Bytes(100), 0.0);
    CHECK(streamer.counts().cache_bytes <= 250u);
  }
  CHECK(streamer.counts().cache_bytes == 200u);
  CHECK(streamer.want(brick(1, 3), 1.0) != nullptr);  // the most recent two stay
  CHECK(streamer.want(brick(1, 0), 1.0) == nullptr);  // the oldest was evicted
}
