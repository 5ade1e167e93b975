// Shared volume-reader helpers: IEEE half floats against published bit patterns, axis reversal and
// strided reads against index formulas, overflow checks at the 64-bit boundary.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "io/byte_source.h"
#include "io/volume_layout.h"

namespace {

float float_at(const std::vector<std::uint8_t>& bytes, std::size_t i) {
  float value = 0;
  std::memcpy(&value, bytes.data() + 4 * i, 4);
  return value;
}

}  // namespace

TEST_CASE("volume layout: half floats decode to the IEEE 754 values", "[volume_layout]") {
  // Bit patterns and values from the IEEE 754 binary16 table (Wikipedia "Half-precision").
  CHECK(hs::half_to_float(0x3c00) == 1.0f);
  CHECK(hs::half_to_float(0xc000) == -2.0f);
  CHECK(hs::half_to_float(0x3555) == 0.333251953125f);
  CHECK(hs::half_to_float(0x7bff) == 65504.0f);
  CHECK(hs::half_to_float(0x0400) == std::ldexp(1.0f, -14));     // smallest normal
  CHECK(hs::half_to_float(0x0001) == std::ldexp(1.0f, -24));     // smallest subnormal
  CHECK(hs::half_to_float(0x03ff) == std::ldexp(1023.0f, -24));  // largest subnormal
  CHECK(hs::half_to_float(0x0000) == 0.0f);
  CHECK(std::signbit(hs::half_to_float(0x8000)));
  CHECK(hs::half_to_float(0x7c00) == std::numeric_limits<float>::infinity());
  CHECK(hs::half_to_float(0xfc00) == -std::numeric_limits<float>::infinity());
  CHECK(std::isnan(hs::half_to_float(0x7e00)));

  const std::vector<std::uint8_t> big = {0x3c, 0x00, 0xc0, 0x00};
  const std::vector<std::uint8_t> little = {0x00, 0x3c, 0x00, 0xc0};
  std::vector<std::uint8_t> floats(8);
  hs::halves_to_floats(big, true, floats);
  CHECK(float_at(floats, 0) == 1.0f);
  CHECK(float_at(floats, 1) == -2.0f);
  hs::halves_to_floats(little, false, floats);
  CHECK(float_at(floats, 0) == 1.0f);
  CHECK(float_at(floats, 1) == -2.0f);
}

TEST_CASE("volume layout: byte order conversion reverses each element only when needed", "[volume_layout]") {
  std::vector<std::uint8_t> data = {1, 2, 3, 4, 5, 6, 7, 8};
  const bool native_big = std::endian::native == std::endian::big;
  hs::to_native_byte_order(data, 4, native_big);
  CHECK(data == std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8});
  hs::to_native_byte_order(data, 4, !native_big);
  CHECK(data == std::vector<std::uint8_t>{4, 3, 2, 1, 8, 7, 6, 5});
  hs::to_native_byte_order(data, 2, !native_big);
  CHECK(data == std::vector<std::uint8_t>{3, 4, 1, 2, 7, 8, 5, 6});
  hs::to_native_byte_order(data, 8, !native_big);
  CHECK(data == std::vector<std::uint8_t>{6, 5, 8, 7, 2, 1, 4, 3});
}

TEST_CASE("volume layout: reverse_axes maps (i)(j)(k) to (k)(j)(i)", "[volume_layout]") {
  const std::uint64_t n0 = 2, n1 = 3, n2 = 4;
  std::vector<std::uint8_t> src(n0 * n1 * n2 * 2);
  for (std::uint64_t i = 0; i < n0; ++i) {
    for (std::uint64_t j = 0; j < n1; ++j) {
      for (std::uint64_t k = 0; k < n2; ++k) {
        const std::uint16_t v = static_cast<std::uint16_t>(100 * i + 10 * j + k);
        std::memcpy(src.data() + 2 * ((i * n1 + j) * n2 + k), &v, 2);
      }
    }
  }
  std::vector<std::uint8_t> dst(src.size());
  hs::reverse_axes(src, dst, {n0, n1, n2}, 2);
  for (std::uint64_t k = 0; k < n2; ++k) {
    for (std::uint64_t j = 0; j < n1; ++j) {
      for (std::uint64_t i = 0; i < n0; ++i) {
        std::uint16_t v = 0;
        std::memcpy(&v, dst.data() + 2 * ((k * n1 + j) * n0 + i), 2);
        CHECK(v == 100 * i + 10 * j + k);
      }
    }
  }
}

TEST_CASE("volume layout: strided reads gather runs, coalesced or not, and stop at the end",
          "[volume_layout]") {
  hs::Bytes file(100000);
  for (std::size_t i = 0; i < file.size(); ++i) file[i] = static_cast<std::uint8_t>((i * 7 + i / 251) & 0xff);
  auto source = hs::memory_source(file, "strided.bin");
  struct Case {
    std::uint64_t offset, run, stride, count;
  };
  // Small gaps (coalesced), a large stride (one read per run), contiguous, and a single run.
  for (const Case& c :
       {Case{3, 5, 9, 1000}, Case{10, 16, 20000, 4}, Case{7, 12, 12, 50}, Case{99990, 10, 10, 1}}) {
    std::vector<std::uint8_t> dst(c.run * c.count);
    REQUIRE(hs::read_strided(*source, c.offset, c.run, c.stride, c.count, dst).ok());
    for (std::uint64_t r = 0; r < c.count; ++r) {
      for (std::uint64_t b = 0; b < c.run; ++b) {
        REQUIRE(dst[r * c.run + b] == file[c.offset + r * c.stride + b]);
      }
    }
  }
  std::vector<std::uint8_t> dst(5 * 100);
  const hs::Status past_end = hs::read_strided(*source, 90000, 5, 200, 100, dst);
  REQUIRE_FALSE(past_end.ok());
  CHECK(past_end.error().message.find("strided.bin") != std::string::npos);
}

TEST_CASE("volume layout: size arithmetic detects 64-bit overflow", "[volume_layout]") {
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  CHECK(hs::checked_mul(std::uint64_t{1} << 32, std::uint64_t{1} << 31) == std::uint64_t{1} << 63);
  CHECK_FALSE(hs::checked_mul(std::uint64_t{1} << 32, std::uint64_t{1} << 32));
  CHECK(hs::checked_mul(0, max) == 0u);
  CHECK(hs::checked_add(max - 1, 1) == max);
  CHECK_FALSE(hs::checked_add(max, 1));
  CHECK(hs::checked_volume_bytes({3, 4, 5}, 8) == 480u);
  // NX = NY = NZ = 2^31 - 1 voxels of 4 bytes: about 2^95 bytes.
  CHECK_FALSE(hs::checked_volume_bytes({0x7fffffff, 0x7fffffff, 0x7fffffff}, 4));
  CHECK(hs::shape_text({3, 4, 5}) == "3 x 4 x 5");
}
