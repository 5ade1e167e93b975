// Value ranges: NaN and the no-data value are left out; ranges of consecutive pieces merge into
// the range of one pass; -0.0 reads as 0.0; every element type.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "volume/value_range.h"

namespace {

template <typename T>
hs::ValueRange range_of(const std::vector<T>& values, hs::DataType type, std::optional<double> no_data = {}) {
  hs::ValueRange range;
  hs::extend_value_range(type,
                         {reinterpret_cast<const std::uint8_t*>(values.data()), values.size() * sizeof(T)},
                         no_data, range);
  return range;
}

}  // namespace

TEST_CASE("value range: NaN and the no-data value are left out", "[value_range]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<float> lattice = {0.0f, 8.1f, static_cast<float>(nan), 8.05f, 0.0f, 8.2f};
  const hs::ValueRange with_zero = range_of(lattice, hs::DataType::float32);
  CHECK(with_zero.min == 0.0);
  CHECK(with_zero.max == static_cast<double>(8.2f));
  const hs::ValueRange refined = range_of(lattice, hs::DataType::float32, 0.0);
  CHECK(refined.min == static_cast<double>(8.05f));
  CHECK(refined.max == static_cast<double>(8.2f));

  const hs::ValueRange none =
      range_of(std::vector<float>{0.0f, static_cast<float>(nan)}, hs::DataType::float32, 0.0);
  CHECK_FALSE(none.seen());
  CHECK(range_of(std::vector<std::uint8_t>{}, hs::DataType::uint8).seen() == false);

  // Integers: 255 is no data; a no-data value no uint8 can hold (300, 0.5) leaves out nothing.
  const std::vector<std::uint8_t> bytes = {255, 3, 200, 255, 7};
  CHECK(range_of(bytes, hs::DataType::uint8, 255.0).max == 200.0);
  CHECK(range_of(bytes, hs::DataType::uint8, 300.0).max == 255.0);
  CHECK(range_of(bytes, hs::DataType::uint8, 0.5).min == 3.0);
  const std::vector<std::int64_t> big = {-5, std::int64_t{1} << 60, 9};
  CHECK(range_of(big, hs::DataType::int64).max == std::ldexp(1.0, 60));
  CHECK(range_of(big, hs::DataType::int64, -5.0).min == 9.0);
  const std::vector<std::uint8_t> flags = {0, 2, 0};  // any non-zero byte is true
  CHECK(range_of(flags, hs::DataType::boolean).max == 1.0);
  const std::vector<double> doubles = {-1e300, 1e-300, -std::numeric_limits<double>::infinity()};
  CHECK(range_of(doubles, hs::DataType::float64).min == -std::numeric_limits<double>::infinity());
  CHECK(range_of(doubles, hs::DataType::float64).max == 1e-300);
}

TEST_CASE("value range: pieces merged in order give the range of one pass, -0.0 reads as 0.0",
          "[value_range]") {
  std::uint64_t state = 12345;  // LCG (Knuth's MMIX constants)
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<std::int16_t> values(1 + next() % 300);
    for (std::int16_t& v : values) v = static_cast<std::int16_t>(static_cast<int>(next() % 2001) - 1000);
    const hs::ValueRange whole = range_of(values, hs::DataType::int16, 7.0);
    // The expected range, computed plainly.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const std::int16_t v : values) {
      if (v == 7) continue;
      lo = std::min(lo, static_cast<double>(v));
      hi = std::max(hi, static_cast<double>(v));
    }
    REQUIRE(whole.min == lo);
    REQUIRE(whole.max == hi);
    const std::size_t cut = next() % (values.size() + 1);
    hs::ValueRange first, second;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(values.data());
    hs::extend_value_range(hs::DataType::int16, {bytes, cut * 2}, 7.0, first);
    hs::extend_value_range(hs::DataType::int16, {bytes + cut * 2, (values.size() - cut) * 2}, 7.0, second);
    first.merge(second);
    REQUIRE(first.min == whole.min);
    REQUIRE(first.max == whole.max);
  }
  const hs::ValueRange zeros = range_of(std::vector<float>{-0.0f, 0.0f, -0.0f}, hs::DataType::float32);
  CHECK_FALSE(std::signbit(zeros.min));
  CHECK_FALSE(std::signbit(zeros.max));
}
