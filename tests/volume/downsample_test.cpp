// Pyramid reduction against hand-computed cells.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <vector>

#include "volume/downsample.h"

namespace {

template <typename T>
std::vector<T> reduce(const hs::ShapeZyx& shape, const std::vector<T>& in, hs::DataType type,
                      hs::DownsampleMethod method, std::optional<double> no_data = std::nullopt) {
  const hs::ShapeZyx out_shape = hs::downsampled_shape(shape);
  std::vector<T> out(out_shape[0] * out_shape[1] * out_shape[2]);
  const auto* in_bytes = reinterpret_cast<const std::uint8_t*>(in.data());
  auto* out_bytes = reinterpret_cast<std::uint8_t*>(out.data());
  const hs::Status status = hs::downsample_2x(type, shape, {in_bytes, in.size() * sizeof(T)},
                                              {out_bytes, out.size() * sizeof(T)}, method, no_data);
  REQUIRE(status.ok());
  return out;
}

}  // namespace

TEST_CASE("downsample: odd sizes round up and edge cells average what they have", "[downsample]") {
  CHECK(hs::downsampled_shape({3, 5, 1}) == hs::ShapeZyx{2, 3, 1});
  // 1×1×3 row 1, 2, 4: cells {1, 2} and {4}.
  const auto out = reduce<float>({1, 1, 3}, {1, 2, 4}, hs::DataType::float32, hs::DownsampleMethod::mean);
  REQUIRE(out.size() == 2);
  CHECK(out[0] == Approx(1.5));
  CHECK(out[1] == Approx(4.0));
}

TEST_CASE("downsample: the mean of a full 2×2×2 cell", "[downsample]") {
  const std::vector<double> in = {1, 2, 3, 4, 5, 6, 7, 8};
  const auto out = reduce<double>({2, 2, 2}, in, hs::DataType::float64, hs::DownsampleMethod::mean);
  REQUIRE(out.size() == 1);
  CHECK(out[0] == Approx(4.5));
}

TEST_CASE("downsample: integer means round to nearest, ties to even, within range", "[downsample]") {
  // Cells (1,2) -> 1.5 -> 2 and (2,3) -> 2.5 -> 2; (255,254) -> 254.5 -> 254.
  const auto out = reduce<std::uint8_t>({1, 1, 6}, {1, 2, 2, 3, 255, 254}, hs::DataType::uint8,
                                        hs::DownsampleMethod::mean);
  CHECK(out == std::vector<std::uint8_t>{2, 2, 254});
}

TEST_CASE("downsample: no-data voxels are left out, and all-no-data cells stay no-data", "[downsample]") {
  // Lattice parameters in Å with 0 = not refined.
  const std::vector<float> in = {8.10f, 0.0f, 8.12f, 0.0f, 0.0f, 0.0f};
  const auto out = reduce<float>({1, 1, 6}, in, hs::DataType::float32, hs::DownsampleMethod::mean_no_data, 0.0);
  REQUIRE(out.size() == 3);
  CHECK(out[0] == Approx(8.10));
  CHECK(out[1] == Approx(8.12));
  CHECK(out[2] == 0.0f);
  // The plain mean mixes the zeros in: the reason for the no-data-aware method.
  const auto plain = reduce<float>({1, 1, 6}, in, hs::DataType::float32, hs::DownsampleMethod::mean);
  CHECK(plain[0] == Approx(4.05));
}

TEST_CASE("downsample: labels take the most frequent value, ties to the smallest", "[downsample]") {
  const std::vector<std::uint32_t> in = {7, 7, 3, 9, 9, 3, 1, 2};  // 3, 7 and 9 twice each: 3 wins
  const auto out = reduce<std::uint32_t>({2, 2, 2}, in, hs::DataType::uint32, hs::DownsampleMethod::mode);
  CHECK(out == std::vector<std::uint32_t>{3});
  const std::vector<std::uint32_t> majority = {5, 5, 5, 1, 2, 3, 4, 6};
  CHECK(reduce<std::uint32_t>({2, 2, 2}, majority, hs::DataType::uint32, hs::DownsampleMethod::mode) ==
        std::vector<std::uint32_t>{5});
}

TEST_CASE("downsample: wrong buffer sizes and a missing no-data value are errors", "[downsample]") {
  std::vector<std::uint8_t> in(8), out(1), small(7);
  CHECK_FALSE(hs::downsample_2x(hs::DataType::uint8, {2, 2, 2}, small, out, hs::DownsampleMethod::mean).ok());
  CHECK_FALSE(hs::downsample_2x(hs::DataType::uint8, {2, 2, 2}, in, small, hs::DownsampleMethod::mean).ok());
  CHECK_FALSE(hs::downsample_2x(hs::DataType::uint8, {2, 2, 2}, in, out, hs::DownsampleMethod::mean_no_data).ok());
}
