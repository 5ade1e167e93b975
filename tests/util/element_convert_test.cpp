// Element conversion: hand-computed windowed values for signed, unsigned and float types, the
// no-data value as NaN, and a degenerate window.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <vector>

#include "util/element_convert.h"

namespace {

template <typename T>
hs::Bytes bytes_of(const std::vector<T>& values) {
  hs::Bytes out(values.size() * sizeof(T));
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

}  // namespace

TEST_CASE("element convert: windows map start to 0 and end to 1 for every type", "[element_convert]") {
  std::vector<float> out(3);
  hs::elements_to_float(hs::DataType::uint16, bytes_of<std::uint16_t>({100, 150, 300}), {100.0, 200.0, {}}, out);
  CHECK(out == std::vector<float>{0.0f, 0.5f, 2.0f});
  hs::elements_to_float(hs::DataType::int8, bytes_of<std::int8_t>({-128, 0, 127}), {-128.0, 127.0, {}}, out);
  CHECK(out[0] == 0.0f);
  CHECK(out[1] == Approx(128.0 / 255.0));
  CHECK(out[2] == 1.0f);
  hs::elements_to_float(hs::DataType::float64, bytes_of<double>({8.076, 8.1105, 8.145}), {8.076, 8.145, {}}, out);
  CHECK(out[1] == Approx(0.5));
  hs::elements_to_float(hs::DataType::int64, bytes_of<std::int64_t>({-(std::int64_t{1} << 40), 0, 1}), {0.0, 2.0, {}}, out);
  CHECK(out[0] == Approx(-549755813888.0));
  CHECK(out[2] == 0.5f);
}

TEST_CASE("element convert: the no-data value becomes NaN, a flat window gives 0", "[element_convert]") {
  std::vector<float> out(3);
  hs::elements_to_float(hs::DataType::float32, bytes_of<float>({0.0f, 8.1f, 8.2f}), {8.0, 8.2, 0.0}, out);
  CHECK(std::isnan(out[0]));
  CHECK(out[1] == Approx(0.5));
  CHECK(out[2] == Approx(1.0));
  hs::elements_to_float(hs::DataType::uint8, bytes_of<std::uint8_t>({3, 4, 5}), {4.0, 4.0, {}}, out);
  CHECK(out == std::vector<float>{0.0f, 0.0f, 0.0f});
}
