// HTTP(S) requests with libcurl for native builds (CLI and tests): pooled easy handles, so several
// threads run requests in parallel on reused connections.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/http_store.h"
#include "store/http_transport.h"

namespace hs {

struct CurlTransportOptions {
  long connect_timeout_ms = 10'000;
  // A transfer slower than low_speed_bytes_per_s for low_speed_time_s seconds is aborted.
  long low_speed_bytes_per_s = 1024;
  long low_speed_time_s = 30;
  long request_timeout_ms = 0;  // whole-request limit per try; 0: none (slow but moving is fine)
};

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlTransportOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<HttpResponse> perform_once(const HttpRequest& request) override;

 private:
  void* take_handle();
  void return_handle(void* handle);

  CurlTransportOptions options_;
  std::mutex mutex_;
  std::vector<void*> idle_handles_;  // CURL easy handles, kept for connection reuse
};

// An HttpStore whose requests go through libcurl.
std::unique_ptr<HttpStore> open_curl_http_store(std::string base_url, HttpStoreOptions options = {},
                                                CurlTransportOptions transport = {});

}  // namespace hs
