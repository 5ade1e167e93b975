// HTTP requests from a data worker with synchronous XMLHttpRequest (allowed in Web Workers, and
// it lets the core's synchronous store code run unchanged off the main thread).
#pragma once

#include "store/http_transport.h"

namespace hs::wasm {

class XhrTransport final : public HttpTransport {
 public:
  Result<HttpResponse> perform_once(const HttpRequest& request) override;
};

}  // namespace hs::wasm
