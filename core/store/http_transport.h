// One HTTP request and its answer, and the interface through which the HTTP store sends requests:
// libcurl natively (curl_transport_native), synchronous XMLHttpRequest in the browser's data
// workers (wasm/data_worker). A transport makes one try; retries are the store's business.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/store.h"
#include "util/bytes.h"
#include "util/result.h"

namespace hs {

struct HttpRequest {
  std::string url;
  bool head = false;
  std::optional<ByteRange> range;  // length > 0: sent as "Range: bytes=first-last"
  std::uint64_t max_body = 0;      // most bytes accepted in a 200 answer
};

struct HttpResponse {
  long status = 0;
  std::optional<std::string> content_range;  // the Content-Range header, when sent (and readable)
  std::int64_t content_length = -1;          // -1: not sent
  Bytes body;                                // only for 200 and 206 answers
  bool body_over_limit = false;              // more bytes came than the request allows
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // One try. A failure to get any answer is an error naming the URL: ErrorCode::unavailable when
  // trying again may help (refused or dropped connection, timeout), ErrorCode::io otherwise.
  // Any HTTP status is an answer, not an error. Must be safe to call from several threads.
  virtual Result<HttpResponse> perform_once(const HttpRequest& request) = 0;
};

}  // namespace hs
