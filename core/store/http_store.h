// A read-only key-value store over HTTP(S), whatever sends the requests (libcurl natively, XHR in
// the browser): key k is base_url + "/" + percent-encoded k. Whole values with GET, sizes with HEAD
// (or a one-byte Range GET when HEAD is refused), byte ranges with "Range: bytes=a-b" GETs (never
// suffix ranges), nearby ranges of one key coalesced into one request. 404 means a missing key.
// Network errors and 5xx answers are retried with exponential backoff and, after the last try,
// reported as ErrorCode::unavailable; 4xx answers are not retried. Thread-safe when the transport is.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/http_transport.h"
#include "store/store.h"

namespace hs {

struct HttpStoreOptions {
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
  HttpStore(std::string base_url, std::unique_ptr<HttpTransport> transport, HttpStoreOptions options = {});

  Result<std::optional<Bytes>> get(std::string_view key) override;
  Result<std::optional<std::vector<Bytes>>> get_ranges(std::string_view key,
                                                       std::span<const ByteRange> ranges) override;
  Result<std::optional<std::uint64_t>> size(std::string_view key) override;
  // The URL of the key.
  std::string describe(std::string_view key) const override;

 private:
  // One request with retries: an error for network failures and 5xx answers, else the answer.
  Result<HttpResponse> perform(const HttpRequest& request);

  std::string base_url_;
  std::unique_ptr<HttpTransport> transport_;
  HttpStoreOptions options_;
};

// "http://..." or "https://..." (scheme in any case): a location an HttpStore can open.
bool is_http_url(std::string_view location);

}  // namespace hs
