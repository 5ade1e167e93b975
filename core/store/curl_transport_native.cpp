// HTTP requests with libcurl: one easy handle per request taken from a pool (connection reuse);
// the body is kept only for 200 and 206 answers and only up to what the request allows.
#include "store/curl_transport_native.h"

#include <curl/curl.h>

#include <utility>

#include "io/ascii_case.h"

namespace hs {
namespace {

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

}  // namespace

CurlTransport::CurlTransport(CurlTransportOptions options) : options_(options) {
  curl_global_init(CURL_GLOBAL_DEFAULT);  // reference-counted; thread-safe since libcurl 7.84
}

CurlTransport::~CurlTransport() {
  for (void* handle : idle_handles_) curl_easy_cleanup(handle);
  curl_global_cleanup();
}

void* CurlTransport::take_handle() {
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

void CurlTransport::return_handle(void* handle) {
  const std::lock_guard lock(mutex_);
  idle_handles_.push_back(handle);
}

Result<HttpResponse> CurlTransport::perform_once(const HttpRequest& request) {
  void* handle = take_handle();
  if (handle == nullptr) return make_error(ErrorCode::io, request.url + ": cannot start a request (curl_easy_init failed)");
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
    range = std::to_string(request.range->offset) + "-" +
            std::to_string(request.range->offset + request.range->length - 1);
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
    curl_easy_cleanup(handle);  // its connection may be broken
    return make_error(is_transient(code) ? ErrorCode::unavailable : ErrorCode::io,
                      request.url + ": network error: " + (error_text[0] != '\0' ? error_text : curl_easy_strerror(code)) +
                          " (curl error " + std::to_string(static_cast<int>(code)) + ")");
  }
  return_handle(handle);
  return response;
}

std::unique_ptr<HttpStore> open_curl_http_store(std::string base_url, HttpStoreOptions options,
                                                CurlTransportOptions transport) {
  return std::make_unique<HttpStore>(std::move(base_url), std::make_unique<CurlTransport>(transport), options);
}

}  // namespace hs
