// zstd frames written by the zstd command-line tool decode exactly; bombs, truncation and corruption
// stop with an error.
#include <catch2/catch.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "util/zstd_frame.h"

namespace {

// Frames made with zstd 1.5.4's command-line tool (the commands are above each array).
// printf 'Heteroscope zstd test frame\n' > small.txt && zstd -19 small.txt
constexpr std::uint8_t kSmallFrame[] = {0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x1c, 0xe1, 0x00, 0x00, 0x48, 0x65,
                                        0x74, 0x65, 0x72, 0x6f, 0x73, 0x63, 0x6f, 0x70, 0x65, 0x20, 0x7a,
                                        0x73, 0x74, 0x64, 0x20, 0x74, 0x65, 0x73, 0x74, 0x20, 0x66, 0x72,
                                        0x61, 0x6d, 0x65, 0x0a, 0x7c, 0x31, 0x64, 0x10};
// printf 'second frame' | zstd -19
constexpr std::uint8_t kSecondFrame[] = {0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x68, 0x61, 0x00, 0x00,
                                         0x73, 0x65, 0x63, 0x6f, 0x6e, 0x64, 0x20, 0x66, 0x72,
                                         0x61, 0x6d, 0x65, 0x17, 0x64, 0x07, 0xb6};
// head -c 2000000 /dev/zero | zstd -19 --zstd=wlog=17 (window 128 KiB)
constexpr std::uint8_t kZeros2MbWindow128KiB[] = {
    0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x38, 0x4c, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0xfc, 0xff,
    0x39, 0x10, 0x02, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00,
    0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10,
    0x00, 0x44, 0x00, 0x00, 0x00, 0x01, 0x00, 0xfd, 0xff, 0xcc, 0x0b, 0x10, 0x02, 0x00, 0x10,
    0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00,
    0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x03, 0x24, 0x04, 0x00, 0x0e, 0xc9, 0x74, 0xd7};
// head -c 10000000 /dev/zero | zstd -19 (window 8 MiB, no content size)
constexpr std::uint8_t kZeros10MbBomb[] = {
    0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x68, 0x4c, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0xfc, 0xff, 0x39, 0x10,
    0x02, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00,
    0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02,
    0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00,
    0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10,
    0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00,
    0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02,
    0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00,
    0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10,
    0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00,
    0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02,
    0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00,
    0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10,
    0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00,
    0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02,
    0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00,
    0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10,
    0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00,
    0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x02, 0x00, 0x10, 0x00, 0x03, 0xb4, 0x04, 0x00, 0x92,
    0xd2, 0x61, 0xcf};

constexpr std::string_view kSmallText = "Heteroscope zstd test frame\n";

std::vector<std::uint8_t> bytes_of(std::string_view text) {
  return {text.begin(), text.end()};
}

template <std::size_t N>
std::vector<std::uint8_t> frame_bytes(const std::uint8_t (&frame)[N]) {
  return {frame, frame + N};
}

// Numerical Recipes' 32-bit LCG: a fixed, portable pseudo-random sequence.
struct Lcg {
  std::uint32_t state;
  std::uint32_t next() { return state = state * 1664525u + 1013904223u; }
  std::uint8_t byte() { return static_cast<std::uint8_t>(next() >> 24); }
};

}  // namespace

TEST_CASE("zstd: a frame from the zstd tool decodes to its text", "[zstd]") {
  const auto result = hs::zstd_decompress_bounded(kSmallFrame, 1024, "test");
  REQUIRE(result.ok());
  CHECK(*result == bytes_of(kSmallText));
}

TEST_CASE("zstd: concatenated frames and a skippable frame decode in order", "[zstd]") {
  std::vector<std::uint8_t> input = frame_bytes(kSmallFrame);
  input.insert(input.end(), std::begin(kSecondFrame), std::end(kSecondFrame));
  const auto both = hs::zstd_decompress_bounded(input, 1024, "test");
  REQUIRE(both.ok());
  CHECK(*both == bytes_of(std::string(kSmallText) + "second frame"));

  // RFC 8878 3.1.2: magic 0x184D2A50 (little-endian), a 4-byte size, then that many ignored bytes.
  std::vector<std::uint8_t> skippable = {0x50, 0x2A, 0x4D, 0x18, 0x03, 0x00, 0x00, 0x00, 'a', 'b', 'c'};
  skippable.insert(skippable.end(), std::begin(kSecondFrame), std::end(kSecondFrame));
  const auto skipped = hs::zstd_decompress_bounded(skippable, 1024, "test");
  REQUIRE(skipped.ok());
  CHECK(*skipped == bytes_of("second frame"));
}

TEST_CASE("zstd: compression round-trips and records the content size", "[zstd]") {
  Lcg lcg{12345};
  std::vector<std::uint8_t> noise(50000);
  for (auto& b : noise) b = lcg.byte();
  const std::vector<std::vector<std::uint8_t>> inputs = {
      {}, bytes_of("a"), bytes_of(kSmallText), noise, std::vector<std::uint8_t>(300000, 7)};
  for (const auto& input : inputs) {
    const std::vector<std::uint8_t> frame = hs::zstd_compress_frame(input);
    REQUIRE(frame.size() >= 6);
    // RFC 8878 3.1.1: magic 0xFD2FB528, then the frame header descriptor, whose bits 7-6
    // (Frame_Content_Size_flag) or bit 5 (Single_Segment_flag) mean a content size is present.
    CHECK(frame[0] == 0x28);
    CHECK(frame[1] == 0xB5);
    CHECK(frame[2] == 0x2F);
    CHECK(frame[3] == 0xFD);
    CHECK((frame[4] & 0xE0) != 0);
    const auto back = hs::zstd_decompress_bounded(frame, input.size(), "test");
    REQUIRE(back.ok());
    CHECK(*back == input);
  }
  CHECK(hs::zstd_compress_frame(std::vector<std::uint8_t>(300000, 7)).size() < 1000);
}

TEST_CASE("zstd: a 10 MB bomb stops at the limit, whatever its window", "[zstd]") {
  const auto bounded = hs::zstd_decompress_bounded(kZeros10MbBomb, 1u << 20, "URL hash");
  REQUIRE_FALSE(bounded.ok());
  CHECK(bounded.error().code == hs::ErrorCode::limit);
  CHECK(bounded.error().message.rfind("URL hash: ", 0) == 0);

  const auto one_short = hs::zstd_decompress_bounded(kZeros10MbBomb, 9'999'999, "test");
  REQUIRE_FALSE(one_short.ok());
  CHECK(one_short.error().code == hs::ErrorCode::limit);

  const auto exact = hs::zstd_decompress_bounded(kZeros10MbBomb, 10'000'000, "test");
  REQUIRE(exact.ok());
  CHECK(*exact == std::vector<std::uint8_t>(10'000'000, 0));
}

TEST_CASE("zstd: a small-window frame is cut off while streaming", "[zstd]") {
  const auto bounded = hs::zstd_decompress_bounded(kZeros2MbWindow128KiB, 1u << 20, "test");
  REQUIRE_FALSE(bounded.ok());
  CHECK(bounded.error().code == hs::ErrorCode::limit);

  const auto one_short = hs::zstd_decompress_bounded(kZeros2MbWindow128KiB, 1'999'999, "test");
  REQUIRE_FALSE(one_short.ok());
  CHECK(one_short.error().code == hs::ErrorCode::limit);

  const auto exact = hs::zstd_decompress_bounded(kZeros2MbWindow128KiB, 2'000'000, "test");
  REQUIRE(exact.ok());
  CHECK(*exact == std::vector<std::uint8_t>(2'000'000, 0));

  const auto nothing_allowed = hs::zstd_decompress_bounded(kSmallFrame, 0, "test");
  REQUIRE_FALSE(nothing_allowed.ok());
  CHECK(nothing_allowed.error().code == hs::ErrorCode::limit);
}

TEST_CASE("zstd: the declared window is bounded too (hand-made RFC 8878 frames)", "[zstd]") {
  // Magic; descriptor 0x00 (no content size, not single-segment, no checksum); window descriptor
  // (exponent << 3): 2^(10 + exponent) bytes; one last RLE block (header 1 | 1 << 1 | 4 << 3 = 0x23)
  // repeating 'x' four times.
  const auto frame_with_window = [](std::uint8_t exponent) {
    return std::vector<std::uint8_t>{0x28, 0xB5, 0x2F, 0xFD, 0x00, static_cast<std::uint8_t>(exponent << 3),
                                     0x23, 0x00, 0x00, 'x'};
  };
  const auto eight_mib = hs::zstd_decompress_bounded(frame_with_window(13), 1024, "test");
  REQUIRE(eight_mib.ok());
  CHECK(*eight_mib == bytes_of("xxxx"));

  const auto sixteen_mib = hs::zstd_decompress_bounded(frame_with_window(14), 1024, "test");
  REQUIRE_FALSE(sixteen_mib.ok());
  CHECK(sixteen_mib.error().code == hs::ErrorCode::limit);

  const auto allowed_by_limit = hs::zstd_decompress_bounded(frame_with_window(14), 16u << 20, "test");
  REQUIRE(allowed_by_limit.ok());
  CHECK(*allowed_by_limit == bytes_of("xxxx"));
}

TEST_CASE("zstd: every truncation of a frame is a parse error", "[zstd]") {
  const std::vector<std::uint8_t> frame = frame_bytes(kSmallFrame);
  for (std::size_t length = 0; length < frame.size(); ++length) {
    const auto result = hs::zstd_decompress_bounded(std::span(frame.data(), length), 1024, "test");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == hs::ErrorCode::parse);
    CHECK(result.error().message.rfind("test: ", 0) == 0);
  }
}

TEST_CASE("zstd: corrupt frames and trailing garbage are errors", "[zstd]") {
  const std::vector<std::uint8_t> frame = frame_bytes(kSmallFrame);
  for (std::size_t i = 0; i < frame.size(); ++i) {
    std::vector<std::uint8_t> corrupt = frame;
    corrupt[i] ^= 0x5A;
    const auto result = hs::zstd_decompress_bounded(corrupt, 1024, "test");
    CHECK_FALSE(result.ok());
  }
  std::vector<std::uint8_t> trailing = frame;
  trailing.push_back(0x00);
  CHECK_FALSE(hs::zstd_decompress_bounded(trailing, 1024, "test").ok());
  CHECK_FALSE(hs::zstd_decompress_bounded(bytes_of("not zstd at all"), 1024, "test").ok());
}

TEST_CASE("zstd: random bytes never crash and never exceed the limit", "[zstd][fuzz]") {
  Lcg lcg{2024};
  const std::vector<std::uint8_t> frame = frame_bytes(kSmallFrame);
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::vector<std::uint8_t> input;
    if (iteration % 2 == 0) {
      input.resize(lcg.next() % 64);
      for (auto& b : input) b = lcg.byte();
    } else {
      input = frame;  // keep the magic so the decoder gets past the header
      for (int flips = 0; flips < 3; ++flips) input[lcg.next() % input.size()] = lcg.byte();
    }
    const auto result = hs::zstd_decompress_bounded(input, 4096, "fuzz");
    if (result.ok()) REQUIRE(result->size() <= 4096);
  }
}
