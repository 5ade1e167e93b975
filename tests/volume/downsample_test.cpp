// Pyramid reduction against hand-computed cells, and block-by-block reduction against whole.
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
  const auto out =
      reduce<float>({1, 1, 6}, in, hs::DataType::float32, hs::DownsampleMethod::mean_no_data, 0.0);
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

TEST_CASE("downsample: wrong buffer sizes are errors", "[downsample]") {
  std::vector<std::uint8_t> in(8), out(1), small(7);
  CHECK_FALSE(hs::downsample_2x(hs::DataType::uint8, {2, 2, 2}, small, out, hs::DownsampleMethod::mean).ok());
  CHECK_FALSE(hs::downsample_2x(hs::DataType::uint8, {2, 2, 2}, in, small, hs::DownsampleMethod::mean).ok());
}

TEST_CASE("downsample: without a no-data value, the no-data-aware mean is the plain mean", "[downsample]") {
  // A multichannel image where only some channels have a no-data value takes one method for all:
  // cells (0, 2) -> 1 and (3, 4) -> 3.5 -> 4 (ties to even), 0 counted like any value.
  const auto ints = reduce<std::uint8_t>({1, 1, 4}, {0, 2, 3, 4}, hs::DataType::uint8, hs::DownsampleMethod::mean_no_data);
  CHECK(ints == std::vector<std::uint8_t>{1, 4});
  const auto floats = reduce<float>({1, 1, 4}, {0.0f, 2.0f, 3.0f, 4.5f}, hs::DataType::float32,
                                    hs::DownsampleMethod::mean_no_data);
  CHECK(floats == std::vector<float>{1.0f, 3.75f});
}

namespace {

// Reduces `in` (shape `shape`) whole, and again in blocks cut at the even coordinates `cuts_z`,
// `cuts_y` (all of x per block) written into place with downsample_2x_into; requires the same bytes.
template <typename T>
void require_blockwise_equals_whole(const hs::ShapeZyx& shape, const std::vector<T>& in, hs::DataType type,
                                    hs::DownsampleMethod method, std::optional<double> no_data,
                                    const std::vector<std::uint64_t>& cuts_z,
                                    const std::vector<std::uint64_t>& cuts_y) {
  const std::vector<T> whole = reduce<T>(shape, in, type, method, no_data);
  const hs::ShapeZyx out_shape = hs::downsampled_shape(shape);
  std::vector<T> pieced(whole.size(), T{});
  for (std::size_t i = 0; i + 1 < cuts_z.size(); ++i) {
    for (std::size_t j = 0; j + 1 < cuts_y.size(); ++j) {
      const hs::ShapeZyx block = {cuts_z[i + 1] - cuts_z[i], cuts_y[j + 1] - cuts_y[j], shape[2]};
      std::vector<T> part;
      for (std::uint64_t z = cuts_z[i]; z < cuts_z[i + 1]; ++z)
        for (std::uint64_t y = cuts_y[j]; y < cuts_y[j + 1]; ++y)
          for (std::uint64_t x = 0; x < shape[2]; ++x) part.push_back(in[(z * shape[1] + y) * shape[2] + x]);
      const hs::Status status = hs::downsample_2x_into(
          type, block, {reinterpret_cast<const std::uint8_t*>(part.data()), part.size() * sizeof(T)},
          out_shape, {cuts_z[i] / 2, cuts_y[j] / 2, 0},
          {reinterpret_cast<std::uint8_t*>(pieced.data()), pieced.size() * sizeof(T)}, method, no_data);
      REQUIRE(status.ok());
    }
  }
  REQUIRE(std::memcmp(pieced.data(), whole.data(), whole.size() * sizeof(T)) == 0);
}

}  // namespace

TEST_CASE("downsample: reducing block by block into place gives the whole reduction, bit for bit",
          "[downsample]") {
  std::uint64_t state = 99;  // LCG (Knuth's MMIX constants)
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  const hs::ShapeZyx shape = {9, 11, 7};  // odd: edge cells in every axis
  const std::uint64_t n = shape[0] * shape[1] * shape[2];
  std::vector<float> floats(n);
  for (float& v : floats) v = static_cast<float>(next() % 100000) * 1e-3f - 50.0f;
  std::vector<std::int16_t> shorts(n);
  for (std::int16_t& v : shorts) v = static_cast<std::int16_t>(next() % 5 == 0 ? -1 : next() % 30000);
  std::vector<std::uint8_t> labels(n);
  for (std::uint8_t& v : labels) v = static_cast<std::uint8_t>(next() % 4);
  const std::vector<std::uint64_t> cuts_z = {0, 4, 6, 9}, cuts_y = {0, 2, 8, 11};
  require_blockwise_equals_whole(shape, floats, hs::DataType::float32, hs::DownsampleMethod::mean, {}, cuts_z,
                                 cuts_y);
  require_blockwise_equals_whole(shape, shorts, hs::DataType::int16, hs::DownsampleMethod::mean_no_data, -1.0,
                                 cuts_z, cuts_y);
  require_blockwise_equals_whole(shape, labels, hs::DataType::uint8, hs::DownsampleMethod::mode, {}, cuts_z,
                                 cuts_y);
  // One cell against the definition: the mean of a 2×2×2 float cell summed in z, y, x order.
  const std::vector<float> whole =
      reduce<float>(shape, floats, hs::DataType::float32, hs::DownsampleMethod::mean);
  double sum = 0.0;
  for (std::uint64_t z = 2; z < 4; ++z)
    for (std::uint64_t y = 4; y < 6; ++y)
      for (std::uint64_t x = 2; x < 4; ++x) sum += floats[(z * shape[1] + y) * shape[2] + x];
  CHECK(whole[(1 * 6 + 2) * 4 + 1] == static_cast<float>(sum / 8));
}

TEST_CASE("downsample: a reduced block that does not fit in the output is an error", "[downsample]") {
  std::vector<std::uint8_t> in(2 * 2 * 4), out(2 * 2 * 2);
  CHECK(hs::downsample_2x_into(hs::DataType::uint8, {2, 2, 4}, in, {2, 2, 2}, {1, 1, 0}, out,
                               hs::DownsampleMethod::mean)
            .ok());
  CHECK_FALSE(hs::downsample_2x_into(hs::DataType::uint8, {2, 2, 4}, in, {2, 2, 2}, {2, 0, 0}, out,
                                     hs::DownsampleMethod::mean)
                  .ok());
  CHECK_FALSE(hs::downsample_2x_into(hs::DataType::uint8, {2, 2, 4}, in, {2, 2, 2}, {0, 0, 1}, out,
                                     hs::DownsampleMethod::mean)
                  .ok());
  CHECK_FALSE(hs::downsample_2x_into(hs::DataType::uint8, {2, 2, 4}, in, {2, 2, 2}, {~std::uint64_t{0}, 0, 0},
                                     out, hs::DownsampleMethod::mean)
                  .ok());
}
