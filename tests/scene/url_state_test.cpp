// URL fragments carrying the view state: hand-encoded and zstd-tool-made hashes, every malformed
// kind, size limits, round trips of view states through both forms, and random fragments.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "json/json.h"
#include "scene/url_state.h"
#include "scene/view_state.h"
#include "util/text_codec.h"
#include "util/zstd_frame.h"

namespace {

// Numerical Recipes' 32-bit LCG: a fixed, portable pseudo-random sequence.
struct Lcg {
  std::uint32_t state;
  std::uint32_t next() { return state = state * 1664525u + 1013904223u; }
  double unit() { return static_cast<double>(((std::uint64_t{next()} << 32) | next()) >> 11) * 0x1p-53; }
  double uniform(double min, double max) { return min + unit() * (max - min); }
};

std::string decode_ok(std::string_view hash) {
  INFO("hash: " << hash.substr(0, 120));
  const auto result = hs::decode_state_hash(hash);
  REQUIRE(result.ok());
  REQUIRE(result->has_value());
  return **result;
}

hs::Error decode_error(std::string_view hash) {
  INFO("hash: " << hash.substr(0, 120));
  const auto result = hs::decode_state_hash(hash);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message.rfind("URL hash: ", 0) == 0);
  return result.error();
}

}  // namespace

TEST_CASE("url state: the plain form is percent-encoded JSON after #!", "[url_state]") {
  CHECK(hs::encode_state_hash(R"({"version":1})", hs::HashForm::plain) == "#!%7B%22version%22:1%7D");
  CHECK(hs::encode_state_hash(R"({"version":1,"camera":{"distance_nm":250}})") ==
        "#!%7B%22version%22:1,%22camera%22:%7B%22distance_nm%22:250%7D%7D");
  CHECK(decode_ok("#!%7B%22version%22:1%7D") == R"({"version":1})");
  CHECK(decode_ok("!%7b%22version%22:1%7d") == R"({"version":1})");  // '#' optional, either hex case
  CHECK(decode_ok("#!%7B%22a%22:%22%C3%A9%22%7D") == "{\"a\":\"\xC3\xA9\"}");
}

TEST_CASE("url state: the compressed form is base64url of a zstd frame after #z=", "[url_state]") {
  // printf '{"version":1}' | zstd -19 | base64 -w0 | tr '+/' '-_' | tr -d '='
  CHECK(decode_ok("#z=KLUv_QRoaQAAeyJ2ZXJzaW9uIjoxfTJxD5U") == R"({"version":1})");
  const std::string hash = hs::encode_state_hash(R"({"version":1})", hs::HashForm::compressed);
  CHECK(hash.rfind("#z=", 0) == 0);
  CHECK(hash.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 3) ==
        std::string::npos);
  CHECK(decode_ok(hash) == R"({"version":1})");
}

TEST_CASE("url state: an empty fragment carries no state", "[url_state]") {
  for (const char* empty : {"", "#"}) {
    const auto result = hs::decode_state_hash(empty);
    REQUIRE(result.ok());
    CHECK_FALSE(result->has_value());
  }
}

TEST_CASE("url state: the automatic form switches to zstd above 2000 bytes", "[url_state]") {
  // A JSON string of n letters encodes to "#!%22" + n letters + "%22": 8 + n bytes.
  const std::string at_limit = "\"" + std::string(1992, 'a') + "\"";
  const std::string over_limit = "\"" + std::string(1993, 'a') + "\"";
  const std::string plain = hs::encode_state_hash(at_limit);
  CHECK(plain.size() == 2000);
  CHECK(plain.rfind("#!%22aaa", 0) == 0);
  const std::string compressed = hs::encode_state_hash(over_limit);
  CHECK(compressed.rfind("#z=", 0) == 0);
  CHECK(compressed.size() < 100);
  CHECK(decode_ok(plain) == at_limit);
  CHECK(decode_ok(compressed) == over_limit);
}

TEST_CASE("url state: malformed fragments are errors that say what is wrong", "[url_state]") {
  CHECK(decode_error("#foo").message.find("unknown form") != std::string::npos);
  CHECK(decode_error("#Z=abc").code == hs::ErrorCode::parse);
  CHECK(decode_error("#!%7B%2").message.find("percent escape") != std::string::npos);
  CHECK(decode_error("#!%zz").code == hs::ErrorCode::parse);
  CHECK(decode_error("#z=KLUv+QRoaQAA").message.find("base64url") != std::string::npos);
  CHECK(decode_error("#z=K").code == hs::ErrorCode::parse);
  CHECK(decode_error("#z=").message.find("zstd") != std::string::npos);
  CHECK(decode_error("#z=AAAAAAAA").message.find("zstd") != std::string::npos);
  CHECK(decode_error("#z=KLUv_QRoaQAAeyJ2ZXJzaW9u").message.find("zstd") != std::string::npos);  // cut short
  const hs::Error control = decode_error("#\x01\n<script>");
  CHECK(control.message.find('\n') == std::string::npos);
  CHECK(control.message.find('\x01') == std::string::npos);
}

TEST_CASE("url state: decoded text must be valid UTF-8", "[url_state]") {
  CHECK(decode_error("#!%FF").message.find("UTF-8") != std::string::npos);
  CHECK(decode_error("#!%C0%AF").message.find("UTF-8") != std::string::npos);     // overlong
  CHECK(decode_error("#!%ED%A0%80").message.find("UTF-8") != std::string::npos);  // surrogate
  CHECK(decode_error("#!\xFF").message.find("UTF-8") != std::string::npos);       // raw byte
  // printf '\xff\xfe' | zstd -19 | base64url, and the same for the surrogate ED A0 80.
  CHECK(decode_error("#z=KLUv_QRoEQAA__4fjhDj").message.find("UTF-8") != std::string::npos);
  CHECK(decode_error("#z=KLUv_QRoGQAA7aCAZB-qVg").message.find("UTF-8") != std::string::npos);
}

TEST_CASE("url state: fragment and decompressed sizes are bounded", "[url_state][limits]") {
  const std::string long_hash = "#!" + std::string(hs::kMaxUrlHashBytes, 'a');
  CHECK(decode_error(long_hash).code == hs::ErrorCode::limit);
  CHECK(decode_ok("#!" + std::string(hs::kMaxUrlHashBytes - 1, 'a')).size() == hs::kMaxUrlHashBytes - 1);

  const std::vector<std::uint8_t> zeros(hs::kMaxStateJsonBytes + 1, '0');
  const std::string bomb = "#z=" + hs::base64url_encode(hs::zstd_compress_frame(zeros));
  CHECK(bomb.size() < 2000);
  CHECK(decode_error(bomb).code == hs::ErrorCode::limit);
}

TEST_CASE("url state: view states round-trip through both forms", "[url_state]") {
  Lcg lcg{77};
  for (int i = 0; i < 300; ++i) {
    hs::ViewState s;
    s.camera.target_nm = {lcg.uniform(-1e6, 1e6), lcg.uniform(-1e6, 1e6), lcg.uniform(-1e6, 1e6)};
    s.camera.distance_nm = lcg.uniform(hs::kMinDistanceNm, hs::kMaxDistanceNm);
    s.camera.azimuth_deg = lcg.uniform(-179.0, 180.0);
    s.camera.elevation_deg = lcg.uniform(-hs::kMaxElevationDeg, hs::kMaxElevationDeg);
    s.camera.fov_y_deg = lcg.uniform(hs::kMinFovDeg, hs::kMaxFovDeg);
    s.camera.projection = i % 2 ? hs::Projection::orthographic : hs::Projection::perspective;
    s.overlays.axes = i % 3 == 0;
    s.panels.layers = i % 5 == 0;
    const std::string json_text = hs::json::write(hs::view_state_to_json(s));
    for (const hs::HashForm form : {hs::HashForm::plain, hs::HashForm::compressed, hs::HashForm::automatic}) {
      const std::string hash = hs::encode_state_hash(json_text, form);
      hs::StateReport report;
      const auto back = hs::view_state_from_text(decode_ok(hash), "URL hash", report);
      REQUIRE(back.ok());
      REQUIRE(report.clean());
      REQUIRE(*back == s);
    }
  }
}

TEST_CASE("url state: markup in a hash stays data", "[url_state][hostile]") {
  const std::string json_text = R"({"version":1,"<script>alert(1)</script>":"<img src=x onerror=alert(1)>"})";
  const std::string hash = hs::encode_state_hash(json_text);
  CHECK(hash.find_first_of("<>\"") == std::string::npos);
  hs::StateReport report;
  const auto state = hs::view_state_from_text(decode_ok(hash), "URL hash", report);
  REQUIRE(state.ok());
  CHECK(*state == hs::ViewState{});
  REQUIRE(report.warnings.size() == 1);
  CHECK(report.warnings[0] == "<script>alert(1)</script>: unknown key, ignored");
}

TEST_CASE("url state: random fragments never crash", "[url_state][fuzz]") {
  constexpr std::string_view kAlphabet = "#!z=%0123456789ABCDEFabcdef-_{}\":,KLUv\xFF\x01";
  const std::string valid_plain = "#!%7B%22version%22:1,%22camera%22:%7B%22distance_nm%22:250%7D%7D";
  const std::string valid_compressed = "#z=KLUv_QRoaQAAeyJ2ZXJzaW9uIjoxfTJxD5U";
  Lcg lcg{31337};
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string hash;
    if (i % 3 == 0) {
      const std::size_t length = lcg.next() % 48;
      for (std::size_t j = 0; j < length; ++j) hash += kAlphabet[lcg.next() % kAlphabet.size()];
    } else {
      hash = i % 3 == 1 ? valid_plain : valid_compressed;
      for (int flips = 0; flips < 2; ++flips) {
        hash[lcg.next() % hash.size()] = kAlphabet[lcg.next() % kAlphabet.size()];
      }
    }
    const auto result = hs::decode_state_hash(hash);
    if (!result.ok() || !result->has_value()) continue;
    ++decoded;
    REQUIRE(hs::is_valid_utf8(**result));
    hs::StateReport report;
    const auto state = hs::view_state_from_text(**result, "URL hash", report);
    if (!state.ok()) REQUIRE(state.error().message.rfind("URL hash: ", 0) == 0);
  }
  CHECK(decoded > 100);
}
