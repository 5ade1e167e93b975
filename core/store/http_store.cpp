// The HTTP(S) store: retries with backoff around each request, and Range answers checked against
// what was asked.
#include "store/http_store.h"

#include <chrono>
#include <thread>
#include <utility>

#include "io/ascii_case.h"
#include "store/http_range.h"
#include "store/memory_store.h"

namespace hs {
namespace {

std::string after_tries(int tries) {
  return tries > 1 ? " (after " + std::to_string(tries) + " tries)" : "";
}

Error status_error(const std::string& url, long status, std::string_view expected) {
  return make_error(ErrorCode::io, url + ": HTTP status " + std::to_string(status) + " (expected " +
                                       std::string(expected) + ")");
}

// The value's size from the answer's Content-Range header, if it gives one.
std::optional<std::uint64_t> total_size(const HttpResponse& response) {
  if (!response.content_range) return std::nullopt;
  const std::optional<ContentRange> range = parse_content_range(*response.content_range);
  return range ? range->total : std::nullopt;
}

// "first-last" of a Range header (length > 0).
std::string byte_span(std::uint64_t offset, std::uint64_t length) {
  return std::to_string(offset) + "-" + std::to_string(offset + length - 1);
}

}  // namespace

HttpStore::HttpStore(std::string base_url, std::unique_ptr<HttpTransport> transport, HttpStoreOptions options)
    : base_url_(std::move(base_url)), transport_(std::move(transport)), options_(options) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

std::string HttpStore::describe(std::string_view key) const {
  return base_url_ + "/" + percent_encode_key(key);
}

Result<HttpResponse> HttpStore::perform(const HttpRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  long backoff_ms = options_.first_backoff_ms;
  for (int tries = 1;; ++tries) {
    Result<HttpResponse> response = transport_->perform_once(request);
    std::string problem;
    if (!response) {
      if (response.error().code != ErrorCode::unavailable) return response.error();
      problem = response.error().message;
    } else if (response->status >= 500) {
      problem = request.url + ": HTTP status " + std::to_string(response->status) + " (server error)";
    } else {
      return response;
    }
    const auto elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    if (tries >= options_.max_tries || elapsed_ms + backoff_ms > options_.retry_budget_ms) {
      return make_error(ErrorCode::unavailable, problem + after_tries(tries));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
    backoff_ms *= 2;
  }
}

Result<std::optional<Bytes>> HttpStore::get(std::string_view key) {
  const std::string url = describe(key);
  Result<HttpResponse> response = perform(HttpRequest{url, false, std::nullopt, options_.max_value_bytes});
  if (!response) return response.error();
  if (response->status == 404) return std::optional<Bytes>();
  if (response->body_over_limit) {
    return make_error(ErrorCode::limit, url + ": the value is larger than the limit of " +
                                            std::to_string(options_.max_value_bytes) + " bytes");
  }
  if (response->status != 200) return status_error(url, response->status, "200 OK");
  return std::optional<Bytes>(std::move(response->body));
}

Result<std::optional<std::uint64_t>> HttpStore::size(std::string_view key) {
  const std::string url = describe(key);
  Result<HttpResponse> head = perform(HttpRequest{url, true, std::nullopt, 0});
  if (!head) return head.error();
  if (head->status == 404) return std::optional<std::uint64_t>();
  if (head->status == 200 && head->content_length >= 0)
    return std::optional<std::uint64_t>(static_cast<std::uint64_t>(head->content_length));
  // HEAD refused (405, 403 on presigned URLs, ...) or without a length: ask for the first byte.
  Result<HttpResponse> probe = perform(HttpRequest{url, false, ByteRange{0, 1}, 0});
  if (!probe) return probe.error();
  if (probe->status == 404) return std::optional<std::uint64_t>();
  const std::optional<std::uint64_t> total = total_size(*probe);
  if ((probe->status == 206 || probe->status == 416) && total) return total;
  if (probe->status == 200 && probe->content_length >= 0)
    return std::optional<std::uint64_t>(static_cast<std::uint64_t>(probe->content_length));
  return make_error(ErrorCode::io, url + ": cannot tell the size: HEAD answered HTTP status " +
                                       std::to_string(head->status) + " and a Range request HTTP status " +
                                       std::to_string(probe->status) +
                                       (probe->content_range ? " with Content-Range:" + *probe->content_range
                                                             : std::string(" without a total size")));
}

Result<std::optional<std::vector<Bytes>>> HttpStore::get_ranges(std::string_view key,
                                                                std::span<const ByteRange> ranges) {
  const std::string url = describe(key);
  Result<std::vector<RangeRequest>> plan = plan_range_requests(ranges, options_.max_gap_bytes, url);
  if (!plan) return plan.error();
  std::vector<Bytes> out(ranges.size());
  std::optional<std::uint64_t> total;
  // Offset of the last request needing no bytes; with no ranges at all, the key must still exist.
  std::optional<std::uint64_t> furthest_empty = ranges.empty() ? std::optional<std::uint64_t>(0) : std::nullopt;
  for (const RangeRequest& request : *plan) {
    if (request.length == 0) {
      furthest_empty = request.offset;
      continue;
    }
    const std::string asked = "bytes=" + byte_span(request.offset, request.length);
    Result<HttpResponse> response =
        perform(HttpRequest{url, false, ByteRange{request.offset, request.length}, options_.max_unranged_bytes});
    if (!response) return response.error();
    const long status = response->status;
    if (status == 404) return std::optional<std::vector<Bytes>>();
    if (status == 416) {
      const std::optional<std::uint64_t> value_size = total_size(*response);
      return make_error(ErrorCode::parse, url + ": truncated: " + asked + " requested, " +
                                              (value_size ? "the value has " + std::to_string(*value_size)
                                                          : std::string("past the value's end")) +
                                              " (HTTP status 416)");
    }
    if (status == 200) {
      if (response->body_over_limit) {
        return make_error(ErrorCode::unsupported,
                          url + ": the server does not support HTTP Range requests (answered 200 to a range request)");
      }
      Result<std::vector<Bytes>> slices = slice_ranges(response->body, ranges, url);  // the whole value came
      if (!slices) return slices.error();
      return std::optional<std::vector<Bytes>>(std::move(*slices));
    }
    if (status != 206) return status_error(url, status, "206 Partial Content");
    std::optional<ContentRange> range;
    if (response->content_range) {
      range = parse_content_range(*response->content_range);
    } else if (!response->body.empty() && response->body.size() <= request.length) {
      // A cross-origin server that does not expose Content-Range: the answer starts where asked.
      range = ContentRange{true, request.offset, request.offset + response->body.size() - 1, std::nullopt};
    }
    if (response->body_over_limit || !range || !range->satisfied || range->first != request.offset ||
        range->last - range->first + 1 != response->body.size()) {
      return make_error(ErrorCode::parse,
                        url + ": malformed answer to the Range request " + asked + ": Content-Range \"" +
                            response->content_range.value_or("(none)") + "\" with " +
                            (response->body_over_limit ? "more than " + std::to_string(request.length)
                                                       : std::to_string(response->body.size())) +
                            " bytes");
    }
    if (range->total) total = range->total;
    const Status split = split_range_answer(response->body, range->first, request, ranges, range->total, url, out);
    if (!split.ok()) return split.error();
  }
  if (furthest_empty) {  // empty ranges still must lie within the value
    if (!total) {
      Result<std::optional<std::uint64_t>> value_size = size(key);
      if (!value_size) return value_size.error();
      if (!value_size->has_value()) return std::optional<std::vector<Bytes>>();
      total = **value_size;
    }
    if (*furthest_empty > *total) {
      return make_error(ErrorCode::parse, url + ": truncated: bytes " + std::to_string(*furthest_empty) +
                                              "+0 requested, the value has " + std::to_string(*total));
    }
  }
  return std::optional<std::vector<Bytes>>(std::move(out));
}

bool is_http_url(std::string_view location) {
  return starts_with_ignoring_case(location, "http://") || starts_with_ignoring_case(location, "https://");
}

}  // namespace hs
