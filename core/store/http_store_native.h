// A read-only key-value store over HTTP(S) with libcurl (native builds: CLI and tests): key k is
// base_url + "/" + percent-encoded k. Whole values with GET, sizes with HEAD (or a one-byte Range
// GET when HEAD is refused), byte ranges with "Range: bytes=a-b" GETs, nearby ranges of one key
// coalesced into one request. 404 means a missing key. Network errors and 5xx answers are retried
// with exponential backoff; 4xx answers are not. Thread-safe: requests from several threads run
// in parallel on pooled connections.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.h"

namespace hs {
namespace detail {
struct HttpRequest;
struct HttpResponse;
}  // namespace detail

struct HttpStoreOptions {
  long connect_timeout_ms = 10'000;
  // A transfer slower than low_speed_bytes_per_s for low_speed_time_s seconds is aborted.
  long low_speed_bytes_per_s = 1024;
  long low_speed_time_s = 30;
  long request_timeout_ms = 0;  // whole-request limit per try; 0: none (slow but moving is fine)
  int max_tries = 3;            // tries per request on network errors and 5xx answers
  long first_backoff_ms = 250;  // wait before the second try; doubles for each further one
  long retry_budget_ms = 20'000;  // no further try once this much time has passed since the first
  // Ranges of one key at most this far apart are fetched by one request.
  std::uint64_t max_gap_bytes = 16 * 1024;
  // A server answering 200 (the whole value) to a Range request is accepted only for values of
  // at most this many bytes; the ranges are then cut out of the whole value.
  std::uint64_t max_unranged_bytes = 1024 * 1024;
  // Largest value get() downloads.
  std::uint64_t max_value_bytes = std::uint64_t{4} << 30;
};

class HttpStore final : public ReadableStore {
 public:
  // `base_url`: "http://host/path/to/dataset.zarr" (trailing slashes are dropped).
  explicit HttpStore(std::string base_url, HttpStoreOptions options = {});
  ~HttpStore() override;
  HttpStore(const HttpStore&) = delete;
  HttpStore& operator=(const HttpStore&) = delete;

  Result<std::optional<Bytes>> get(std::string_view key) override;
  Result<std::optional<std::vector<Bytes>>> get_ranges(std::string_view key,
                                                       std::span<const ByteRange> ranges) override;
  Result<std::optional<std::uint64_t>> size(std::string_view key) override;
  // The URL of the key.
  std::string describe(std::string_view key) const override;

 private:
  // One request with retries: an error for network failures and 5xx answers, else the answer.
  Result<detail::HttpResponse> perform(const detail::HttpRequest& request);
  detail::HttpResponse perform_once(const detail::HttpRequest& request, void* handle) const;
  void* take_handle();
  void return_handle(void* handle);

  std::string base_url_;
  HttpStoreOptions options_;
  std::mutex mutex_;
  std::vector<void*> idle_handles_;  // CURL easy handles, kept for connection reuse
};

}  // namespace hs
