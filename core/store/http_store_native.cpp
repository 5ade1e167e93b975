// The HTTP(S) store with libcurl: one easy handle per request taken from a pool (connection reuse),
// retries with backoff around each request, and Range answers checked against what was asked.
#include "store/http_store_native.h"

#include <curl/curl.h>

#include <chrono>
#include <thread>
#include <utility>

#include "io/ascii_case.h"
#include "store/http_range.h"
#include "store/memory_store.h"

namespace hs {

namespace detail {

struct HttpRequest {
  std::string url;
  bool head = false;
  std::optional<ByteRange> range;  // length > 0
  std::uint64_t max_body = 0;      // most bytes accepted in a 200 answer
};

struct HttpResponse {
  CURLcode curl_code = CURLE_OK;
  std::string curl_error;  // empty when curl_code is CURLE_OK
  long status = 0;
  std::optional<std::string> content_range;
  std::int64_t content_length = -1;  // -1: not sent
  Bytes body;                        // only for 200 and 206 answers
  bool body_over_limit = false;      // the transfer was stopped: more bytes than allowed came
};

}  // namespace detail

namespace {

using detail::HttpRequest;
using detail::HttpResponse;

struct Transfer {
  CURL* handle = nullptr;
  const HttpRequest* request = nullptr;
  HttpResponse* response = nullptr;
};

// CURLOPT_HEADERFUNCTION: remembers Content-Range; a status line starts a new answer (redirects).
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  constexpr std::string_view kContentRange = "content-range:";
  if (starts_with_ignoring_case(line, "HTTP/")) {
    transfer.response->content_range.reset();
  } else if (starts_with_ignoring_case(line, kContentRange)) {
    transfer.response->content_range = std::string(line.substr(kContentRange.size()));
  }
  return size * count;
}

// CURLOPT_WRITEFUNCTION: keeps the body of 200 and 206 answers up to their limits.
std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& transfer = *static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  long status = 0;
  curl_easy_getinfo(transfer.handle, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200 && status != 206) return n;  // error pages are not needed
  const std::uint64_t limit = status == 206 && transfer.request->range ? transfer.request->range->length
                                                                       : transfer.request->max_body;
  Bytes& body = transfer.response->body;
  if (n > limit || body.size() > limit - n) {
    transfer.response->body_over_limit = true;
    return 0;  // stops the transfer (CURLE_WRITE_ERROR)
  }
  body.insert(body.end(), reinterpret_cast<const std::uint8_t*>(data), reinterpret_cast<const std::uint8_t*>(data) + n);
  return n;
}

bool is_transient(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

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

HttpStore::HttpStore(std::string base_url, HttpStoreOptions options)
    : base_url_(std::move(base_url)), options_(options) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  curl_global_init(CURL_GLOBAL_DEFAULT);  // reference-counted; thread-safe since libcurl 7.84
}

HttpStore::~HttpStore() {
  for (void* handle : idle_handles_) curl_easy_cleanup(handle);
  curl_global_cleanup();
}

std::string HttpStore::describe(std::string_view key) const {
  return base_url_ + "/" + percent_encode_key(key);
}

void* HttpStore::take_handle() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_handles_.empty()) {
      void* handle = idle_handles_.back();
      idle_handles_.pop_back();
      return handle;
    }
  }
  return curl_easy_init();
}

void HttpStore::return_handle(void* handle) {
  const std::lock_guard lock(mutex_);
  idle_handles_.push_back(handle);
}

HttpResponse HttpStore::perform_once(const HttpRequest& request, void* handle) const {
  HttpResponse response;
  Transfer transfer{handle, &request, &response};
  char error_text[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(handle, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "heteroscope");
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_s);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, options_.low_speed_time_s);
  if (options_.request_timeout_ms > 0) curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, options_.request_timeout_ms);
  if (request.head) curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
  std::string range;
  if (request.range) {
    range = byte_span(request.range->offset, request.range->length);
    curl_easy_setopt(handle, CURLOPT_RANGE, range.c_str());
  }
  curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(handle, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);

  const CURLcode code = curl_easy_perform(handle);
  curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
  curl_off_t length = -1;
  curl_easy_getinfo(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  response.content_length = length;
  curl_easy_reset(handle);  // forgets this call's buffers and callbacks; keeps live connections
  if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && response.body_over_limit)) {
    response.curl_code = code;
    response.curl_error = error_text[0] != '\0' ? error_text : curl_easy_strerror(code);
  }
  return response;
}

Result<HttpResponse> HttpStore::perform(const HttpRequest& request) {
  void* handle = take_handle();
  if (handle == nullptr) return make_error(ErrorCode::io, request.url + ": cannot start a request (curl_easy_init failed)");
  const auto start = std::chrono::steady_clock::now();
  long backoff_ms = options_.first_backoff_ms;
  for (int tries = 1;; ++tries) {
    HttpResponse response = perform_once(request, handle);
    bool transient = true;
    std::string problem;
    if (response.curl_code != CURLE_OK) {
      transient = is_transient(response.curl_code);
      problem = request.url + ": network error: " + response.curl_error + " (curl error " +
                std::to_string(static_cast<int>(response.curl_code)) + ")";
    } else if (response.status >= 500) {
      problem = request.url + ": HTTP status " + std::to_string(response.status) + " (server error)";
    } else {
      return_handle(handle);
      return response;
    }
    const auto elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    if (!transient || tries >= options_.max_tries || elapsed_ms + backoff_ms > options_.retry_budget_ms) {
      curl_easy_cleanup(handle);  // its connection may be broken
      return make_error(ErrorCode::io, problem + after_tries(tries));
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
    if (response->content_range) range = parse_content_range(*response->content_range);
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

}  // namespace hs
