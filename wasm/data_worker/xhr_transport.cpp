// Synchronous XHR: the answer is parked in the worker's JS scope (self.hsXhr) and copied into the
// wasm heap by the calls below. A status of 0 means no answer reached the page.
#include "xhr_transport.h"

#include <emscripten.h>

#include <charconv>
#include <string>

// clang-format off
EM_JS(int, hs_xhr_perform, (const char* url, int head, double offset, double length), {
  const xhr = new XMLHttpRequest();
  self.hsXhr = null;
  try {
    xhr.open(head ? 'HEAD' : 'GET', UTF8ToString(url), false);
    xhr.responseType = 'arraybuffer';
    if (length > 0) xhr.setRequestHeader('Range', 'bytes=' + offset + '-' + (offset + length - 1));
    xhr.send();
  } catch (e) {
    // The browser does not say why (refused, DNS, CORS); its own text only repeats the URL.
    self.hsXhr = { error: e && e.name === 'NetworkError' ? 'no answer' : String((e && e.message) || e) };
  }
  if (self.hsXhr || xhr.status === 0) {
    const why = self.hsXhr ? self.hsXhr.error : 'no answer';
    self.hsXhr = { error: why + ' (the server cannot be reached, or it does not allow cross-origin requests: CORS)' };
    return 0;
  }
  const body = xhr.response ? new Uint8Array(xhr.response) : new Uint8Array(0);
  self.hsNetworkBytes = (self.hsNetworkBytes || 0) + body.length;
  self.hsXhr = { body, headers: { 'content-range': xhr.getResponseHeader('Content-Range'),
                                  'content-length': xhr.getResponseHeader('Content-Length') } };
  return xhr.status;
});
EM_JS(double, hs_xhr_body_size, (), { return self.hsXhr.body.length; });
EM_JS(void, hs_xhr_copy_body, (void* out), { HEAPU8.set(self.hsXhr.body, out); });
// Length of the header's value (-1 when absent); copies at most `capacity` bytes of it into `out`.
EM_JS(int, hs_xhr_header, (const char* name, char* out, int capacity), {
  const value = self.hsXhr.headers[UTF8ToString(name)];
  if (value === null || value === undefined) return -1;
  stringToUTF8(value, out, capacity);
  return lengthBytesUTF8(value);
});
EM_JS(void, hs_xhr_error, (char* out, int capacity), { stringToUTF8(self.hsXhr.error, out, capacity); });
// clang-format on

namespace hs::wasm {
namespace {

std::optional<std::string> header(const char* name) {
  char buffer[256];
  const int length = hs_xhr_header(name, buffer, sizeof buffer);
  if (length < 0 || length >= static_cast<int>(sizeof buffer)) return std::nullopt;
  return std::string(buffer, static_cast<std::size_t>(length));
}

}  // namespace

Result<HttpResponse> XhrTransport::perform_once(const HttpRequest& request) {
  const double offset = request.range ? static_cast<double>(request.range->offset) : 0.0;
  const double length = request.range ? static_cast<double>(request.range->length) : 0.0;
  HttpResponse response;
  response.status = hs_xhr_perform(request.url.c_str(), request.head ? 1 : 0, offset, length);
  if (response.status == 0) {
    char reason[512];
    hs_xhr_error(reason, sizeof reason);
    // The browser hides why (CORS, DNS, refused): a retry may help, as for a dropped connection.
    return make_error(ErrorCode::unavailable, request.url + ": network error: " + reason);
  }
  response.content_range = header("content-range");
  if (const auto text = header("content-length")) {
    std::int64_t value = -1;
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error == std::errc() && end == text->data() + text->size() && value >= 0) response.content_length = value;
  }
  if (response.status != 200 && response.status != 206) return response;
  const auto size = static_cast<std::uint64_t>(hs_xhr_body_size());
  const std::uint64_t limit = response.status == 206 && request.range ? request.range->length : request.max_body;
  if (size > limit) {
    response.body_over_limit = true;
    return response;
  }
  response.body.resize(static_cast<std::size_t>(size));
  if (size > 0) hs_xhr_copy_body(response.body.data());
  return response;
}

}  // namespace hs::wasm
