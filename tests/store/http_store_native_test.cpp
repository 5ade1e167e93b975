// The libcurl HTTP store against a scripted HTTP server on 127.0.0.1 run by the test itself (one
// thread, one connection at a time): whole values, HEAD sizes and their Range fallback, range
// coalescing, servers without Range support, 404/416/4xx/5xx answers, retries, cut-short bodies,
// stalls and refused connections.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/curl_transport_native.h"
#include "store_test_util.h"

namespace hs {
namespace {

struct SeenRequest {
  std::string method;
  std::string path;
  std::string range;  // the Range header's value, "" if none
};

// Raw bytes sent on a connection, which is then held open for stall_ms and closed.
struct Reply {
  std::string raw;
  int stall_ms = 0;
};

using Handler = std::function<Reply(const SeenRequest&)>;

std::string lower(std::string text) {
  for (char& c : text) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return text;
}

class LocalHttpServer {
 public:
  explicit LocalHttpServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listen_fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;  // ephemeral
    REQUIRE(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(listen_fd_, 16) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
  }
  ~LocalHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<SeenRequest> requests() {
    const std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  void run() {
    while (!stop_) {
      pollfd waiting{listen_fd_, POLLIN, 0};
      if (::poll(&waiting, 1, 20) <= 0) continue;
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      serve(fd);
      ::close(fd);
    }
  }

  void serve(int fd) {
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      pollfd readable{fd, POLLIN, 0};
      if (::poll(&readable, 1, 1000) <= 0) return;
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) return;
      head.append(buffer, static_cast<std::size_t>(n));
    }
    SeenRequest request;
    const std::size_t space1 = head.find(' ');
    const std::size_t space2 = head.find(' ', space1 + 1);
    request.method = head.substr(0, space1);
    request.path = head.substr(space1 + 1, space2 - space1 - 1);
    const std::size_t range_at = lower(head).find("\r\nrange:");
    if (range_at != std::string::npos) {
      const std::size_t begin = head.find_first_not_of(' ', range_at + 8);
      request.range = head.substr(begin, head.find("\r\n", begin) - begin);
    }
    {
      const std::lock_guard lock(mutex_);
      seen_.push_back(request);
    }
    const Reply reply = handler_(request);
    for (std::size_t done = 0; done < reply.raw.size();) {
      const ssize_t n = ::send(fd, reply.raw.data() + done, reply.raw.size() - done, MSG_NOSIGNAL);
      if (n <= 0) break;  // the client hung up
      done += static_cast<std::size_t>(n);
    }
    if (reply.stall_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(reply.stall_ms));
  }

  Handler handler_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mutex_;
  std::vector<SeenRequest> seen_;
};

// An answer with Content-Length (unless `headers` set one) and "Connection: close"; a HEAD
// answer has no body.
Reply respond(const SeenRequest& request, int status, std::string_view reason, const std::string& body,
              const std::vector<std::string>& headers = {}) {
  std::string raw = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  bool has_length = false;
  for (const std::string& header : headers) {
    raw += header + "\r\n";
    has_length = has_length || lower(header).starts_with("content-length:");
  }
  if (!has_length) raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  raw += "Connection: close\r\n\r\n";
  if (request.method != "HEAD") raw += body;
  return Reply{raw};
}

// What a static file server with Range support answers for `content` (single "bytes=a-b").
Reply serve_content(const SeenRequest& request, const std::string& content) {
  if (request.range.empty()) return respond(request, 200, "OK", content);
  REQUIRE(request.range.starts_with("bytes="));
  const std::size_t dash = request.range.find('-');
  const std::uint64_t first = std::stoull(request.range.substr(6, dash - 6));
  std::uint64_t last = std::stoull(request.range.substr(dash + 1));
  if (first >= content.size())
    return respond(request, 416, "Range Not Satisfiable", "", {"Content-Range: bytes */" + std::to_string(content.size())});
  last = std::min<std::uint64_t>(last, content.size() - 1);
  return respond(request, 206, "Partial Content", content.substr(first, last - first + 1),
                 {"Content-Range: bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                  std::to_string(content.size())});
}

std::string pattern(std::size_t size) {
  std::string out(size, '\0');
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 7 + i / 251) & 0xFF);
  return out;
}

std::string text(const Bytes& bytes) { return test::bytes_text(bytes); }

HttpStoreOptions fast_options() {
  HttpStoreOptions options;
  options.first_backoff_ms = 1;
  return options;
}

TEST_CASE("http_store gets whole values and sizes and maps keys to percent-encoded URLs", "[http_store]") {
  const std::map<std::string, std::string> files{{"/data.zarr/zarr.json", R"({"zarr_format":3})"},
                                                 {"/data.zarr/a%20b/c/0", pattern(3000)}};
  LocalHttpServer server([&](const SeenRequest& request) {
    const auto it = files.find(request.path);
    return it == files.end() ? respond(request, 404, "Not Found", "no such file") : serve_content(request, it->second);
  });
  auto owned = open_curl_http_store(server.url() + "/data.zarr//", fast_options());
  HttpStore& store = *owned;
  CHECK(store.describe("a b/c/0") == server.url() + "/data.zarr/a%20b/c/0");

  Result<std::optional<Bytes>> value = store.get("zarr.json");
  REQUIRE(value.ok());
  REQUIRE(value->has_value());
  CHECK(text(**value) == R"({"zarr_format":3})");
  value = store.get("a b/c/0");
  REQUIRE(value.ok());
  CHECK(text(value->value()) == pattern(3000));

  Result<std::optional<std::uint64_t>> size = store.size("a b/c/0");
  REQUIRE(size.ok());
  CHECK(size->value() == 3000u);
  CHECK(server.requests().back().method == "HEAD");

  CHECK_FALSE(store.get("missing")->has_value());
  CHECK_FALSE(store.size("missing")->has_value());
  const std::vector<ByteRange> some{{0, 4}};
  CHECK_FALSE(store.get_ranges("missing", some)->has_value());
  const std::vector<ByteRange> empty{{0, 0}};
  CHECK_FALSE(store.get_ranges("missing", empty)->has_value());
  CHECK_FALSE(store.get_ranges("missing", {})->has_value());
  CHECK(server.requests().size() == 8u);  // every call above is one request, no retries
}

TEST_CASE("http_store serves requests from several threads on pooled connections", "[http_store]") {
  const std::string content = pattern(5000);
  LocalHttpServer server([&](const SeenRequest& request) { return serve_content(request, content); });
  auto owned = open_curl_http_store(server.url(), fast_options());
  HttpStore& store = *owned;
  std::atomic<int> correct{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const std::vector<ByteRange> range{{static_cast<std::uint64_t>(100 * t + i), 7}};
        Result<std::optional<std::vector<Bytes>>> part = store.get_ranges("v", range);
        if (part.ok() && part->has_value() && text((**part)[0]) == content.substr(100 * t + i, 7)) ++correct;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(correct == 20);
  CHECK(server.requests().size() == 20u);
}

TEST_CASE("http_store coalesces nearby ranges of one key into single Range requests", "[http_store]") {
  const std::string content = pattern(2 << 20);
  LocalHttpServer server([&](const SeenRequest& request) { return serve_content(request, content); });
  auto owned = open_curl_http_store(server.url(), fast_options());
  HttpStore& store = *owned;
  const std::vector<ByteRange> ranges{{1 << 20, 5}, {0, 4}, {4, 4}, {100, 10}, {20'000, 3}, {2 << 20, 0}};
  Result<std::optional<std::vector<Bytes>>> parts = store.get_ranges("shard", ranges);
  REQUIRE(parts.ok());
  REQUIRE(parts->has_value());
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    INFO(i);
    CHECK(text((**parts)[i]) == content.substr(ranges[i].offset, ranges[i].length));
  }
  // 110 -> 20000 is more than 16 KiB apart; the empty range at the end needs no request.
  const std::vector<SeenRequest> seen = server.requests();
  REQUIRE(seen.size() == 3u);
  CHECK(seen[0].range == "bytes=0-109");
  CHECK(seen[1].range == "bytes=20000-20002");
  CHECK(seen[2].range == "bytes=1048576-1048580");
  for (const SeenRequest& request : seen) CHECK(request.path == "/shard");

  SECTION("an empty range past the end is truncated data") {
    const std::vector<ByteRange> past{{(2 << 20) + 1, 0}};
    Result<std::optional<std::vector<Bytes>>> bad = store.get_ranges("shard", past);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message ==
          server.url() + "/shard: truncated: bytes 2097153+0 requested, the value has 2097152");
  }
}

TEST_CASE("http_store finds sizes with a one-byte Range request when HEAD is refused", "[http_store]") {
  LocalHttpServer server([&](const SeenRequest& request) {
    if (request.method == "HEAD") return respond(request, 405, "Method Not Allowed", "");
    if (request.path == "/empty") return serve_content(request, "");
    return serve_content(request, pattern(12345));
  });
  auto owned = open_curl_http_store(server.url(), fast_options());
  HttpStore& store = *owned;
  Result<std::optional<std::uint64_t>> size = store.size("value");
  REQUIRE(size.ok());
  CHECK(size->value() == 12345u);
  CHECK(server.requests().back().range == "bytes=0-0");
  size = store.size("empty");  // 416 with "bytes */0"
  REQUIRE(size.ok());
  CHECK(size->value() == 0u);
}

TEST_CASE("http_store cuts small whole answers but refuses servers without Range support", "[http_store]") {
  const std::string small = pattern(1000);
  const std::string large = pattern(3 << 20);
  LocalHttpServer server([&](const SeenRequest& request) {
    return respond(request, 200, "OK", request.path == "/small" ? small : large);  // Range ignored
  });
  auto owned = open_curl_http_store(server.url(), fast_options());
  HttpStore& store = *owned;
  const std::vector<ByteRange> ranges{{990, 10}, {0, 3}};
  Result<std::optional<std::vector<Bytes>>> parts = store.get_ranges("small", ranges);
  REQUIRE(parts.ok());
  CHECK(text((**parts)[0]) == small.substr(990, 10));
  CHECK(text((**parts)[1]) == small.substr(0, 3));

  const std::vector<ByteRange> past{{995, 10}};
  Result<std::optional<std::vector<Bytes>>> short_value = store.get_ranges("small", past);
  REQUIRE_FALSE(short_value.ok());
  CHECK_THAT(short_value.error().message, Catch::Contains(server.url() + "/small") && Catch::Contains("truncated"));

  Result<std::optional<std::vector<Bytes>>> refused = store.get_ranges("big", ranges);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::unsupported);
  CHECK(refused.error().message == server.url() +
                                       "/big: the server does not support HTTP Range requests (answered 200 to a "
                                       "range request)");
}

TEST_CASE("http_store reports ranges past the end as truncated data naming the key", "[http_store]") {
  const std::string content = pattern(100);
  LocalHttpServer server([&](const SeenRequest& request) {
    if (request.path == "/liar") {  // 206 for other bytes than asked
      return respond(request, 206, "Partial Content", "xx", {"Content-Range: bytes 1-2/100"});
    }
    return serve_content(request, content);
  });
  auto owned = open_curl_http_store(server.url(), fast_options());
  HttpStore& store = *owned;
  const std::vector<ByteRange> beyond{{150, 10}};
  Result<std::optional<std::vector<Bytes>>> bad = store.get_ranges("chunk", beyond);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::parse);
  CHECK(bad.error().message ==
        server.url() + "/chunk: truncated: bytes=150-159 requested, the value has 100 (HTTP status 416)");

  const std::vector<ByteRange> straddling{{95, 10}};  // the server sends bytes 95-99
  bad = store.get_ranges("chunk", straddling);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == server.url() + "/chunk: truncated: bytes 95+10 requested, the value has 100");

  const std::vector<ByteRange> first{{0, 2}};
  bad = store.get_ranges("liar", first);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message,
             Catch::Contains(server.url() + "/liar: malformed answer") && Catch::Contains("bytes 1-2/100"));
}

TEST_CASE("http_store retries server errors with backoff but not client errors", "[http_store]") {
  int calls = 0;
  LocalHttpServer server([&](const SeenRequest& request) {
    ++calls;
    if (request.path == "/flaky" && calls == 1) return respond(request, 500, "Internal Server Error", "oops");
    if (request.path == "/down") return respond(request, 503, "Service Unavailable", "");
    if (request.path == "/private") return respond(request, 403, "Forbidden", "");
    return serve_content(request, "hello");
  });
  auto owned = open_curl_http_store(server.url(), fast_options());
  HttpStore& store = *owned;
  Result<std::optional<Bytes>> value = store.get("flaky");
  REQUIRE(value.ok());
  CHECK(text(value->value()) == "hello");
  CHECK(server.requests().size() == 2u);

  value = store.get("down");
  REQUIRE_FALSE(value.ok());
  CHECK(value.error().code == ErrorCode::unavailable);
  CHECK(value.error().message == server.url() + "/down: HTTP status 503 (server error) (after 3 tries)");
  CHECK(server.requests().size() == 5u);

  value = store.get("private");
  REQUIRE_FALSE(value.ok());
  CHECK(value.error().message == server.url() + "/private: HTTP status 403 (expected 200 OK)");
  CHECK(server.requests().size() == 6u);

  SECTION("the retry budget bounds the total time") {
    HttpStoreOptions options = fast_options();
    options.first_backoff_ms = 50;
    options.retry_budget_ms = 60;  // room for the first wait (50), not the second (100)
    auto patient_owned = open_curl_http_store(server.url(), options);
  HttpStore& patient = *patient_owned;
    Result<std::optional<Bytes>> down = patient.get("down");
    REQUIRE_FALSE(down.ok());
    CHECK_THAT(down.error().message, Catch::EndsWith("(after 2 tries)"));
  }
}

TEST_CASE("http_store reports cut-short bodies, stalls and refused connections with curl's reason", "[http_store]") {
  LocalHttpServer server([&](const SeenRequest& request) {
    if (request.path == "/stall") return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", 400};
    return Reply{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nonly ten b"};
  });
  auto owned = open_curl_http_store(server.url(), fast_options());
  HttpStore& store = *owned;
  Result<std::optional<Bytes>> value = store.get("cut");
  REQUIRE_FALSE(value.ok());
  CHECK(value.error().code == ErrorCode::unavailable);
  CHECK_THAT(value.error().message, Catch::StartsWith(server.url() + "/cut: network error: ") &&
                                        Catch::Contains("(curl error 18)") && Catch::EndsWith("(after 3 tries)"));
  CHECK(server.requests().size() == 3u);

  HttpStoreOptions impatient = fast_options();
  impatient.max_tries = 1;
  CurlTransportOptions transport;
  transport.request_timeout_ms = 100;
  auto timed_owned = open_curl_http_store(server.url(), impatient, transport);
  HttpStore& timed = *timed_owned;
  value = timed.get("stall");
  REQUIRE_FALSE(value.ok());
  CHECK_THAT(value.error().message,
             Catch::StartsWith(server.url() + "/stall: network error: ") && Catch::EndsWith("(curl error 28)"));

  // A port nobody listens on: bind one, then close it.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  const std::string closed_url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  auto nowhere_owned = open_curl_http_store(closed_url, fast_options());
  HttpStore& nowhere = *nowhere_owned;
  Result<std::optional<std::uint64_t>> size = nowhere.size("zarr.json");
  REQUIRE_FALSE(size.ok());
  CHECK_THAT(size.error().message, Catch::StartsWith(closed_url + "/zarr.json: network error: ") &&
                                       Catch::Contains("(curl error 7)") && Catch::EndsWith("(after 3 tries)"));
}

}  // namespace
}  // namespace hs
