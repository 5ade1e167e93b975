// Reading one channel and time point of an OME-Zarr image into a FloatGrid: values, no-data,
// voxel size and unit per level, the level budget, progress and cancel, and bad or damaged stores.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <cstring>

#include "analysis/volume_input.h"
#include "io/byte_source.h"
#include "io/volume_reader.h"
#include "store/memory_store.h"
#include "volume/volume_convert.h"

namespace hs {
namespace {

constexpr std::array<std::uint64_t, 3> kShape{5, 7, 9};

// Value of voxel (z, y, x) at time t, channel c: distinct everywhere; 0 (the no-data value) on
// the plane x == 4.
float value_at(std::uint64_t t, std::uint64_t c, std::uint64_t z, std::uint64_t y, std::uint64_t x) {
  if (x == 4) return 0.0f;
  return static_cast<float>(1000 * t + 100 * c + 0.5 * static_cast<double>(z * 63 + y * 9 + x) + 1);
}

std::unique_ptr<VolumeReader> raw_reader(std::uint64_t t, std::uint64_t c) {
  std::vector<float> values;
  for (std::uint64_t z = 0; z < kShape[0]; ++z) {
    for (std::uint64_t y = 0; y < kShape[1]; ++y) {
      for (std::uint64_t x = 0; x < kShape[2]; ++x) values.push_back(value_at(t, c, z, y, x));
    }
  }
  Bytes bytes(values.size() * 4);
  std::memcpy(bytes.data(), values.data(), bytes.size());
  VolumeOpenOptions options;
  options.format = "raw";
  options.raw = RawLayout{kShape, DataType::float32, false, 0};
  auto reader = open_volume(memory_source(std::move(bytes), "t" + std::to_string(t) + "c" + std::to_string(c)), options);
  REQUIRE(reader.ok());
  return std::move(*reader);
}

// A 2-time-point, 2-channel image of 5×7×9 voxels of 0.5 × 0.25 × 2 µm, bricks of 4, shards of 8:
// levels 0 (5×7×9), 1 (3×4×5) and 2 (2×2×3).
void make_image(MemoryStore& store) {
  std::vector<std::unique_ptr<VolumeReader>> owned;
  std::vector<std::vector<VolumeReader*>> inputs(2);
  for (std::uint64_t t = 0; t < 2; ++t) {
    for (std::uint64_t c = 0; c < 2; ++c) {
      owned.push_back(raw_reader(t, c));
      inputs[t].push_back(owned.back().get());
    }
  }
  VolumeConvertOptions options;
  options.brick = 4;
  options.bricks_per_shard = 2;
  options.voxel_size_zyx = std::array<double, 3>{0.5, 0.25, 2.0};
  options.unit = "micrometer";
  options.semantics = {ChannelSemantics{"a", "Å", 0.0, std::nullopt}, ChannelSemantics{"b", "", std::nullopt, std::nullopt}};
  options.method = DownsampleMethod::mean;
  options.threads = 1;
  auto report = convert_volume(inputs, store, options);
  REQUIRE(report.ok());
}

}  // namespace

TEST_CASE("volume input: a channel and time point read back with no data as NaN", "[volume_input]") {
  MemoryStore store("img.zarr");
  make_image(store);
  auto image = open_analysis_image(store, "img.zarr");
  REQUIRE(image.ok());
  CHECK(image->layout.levels.size() == 3);
  for (std::uint64_t t = 0; t < 2; ++t) {
    for (std::uint64_t c = 0; c < 2; ++c) {
      auto grid = read_volume(store, *image, VolumeSelection{0, c, t});
      REQUIRE(grid.ok());
      CHECK(grid->shape == GridShape{5, 7, 9});
      CHECK(grid->voxel.zyx == std::array<double, 3>{0.5, 0.25, 2.0});
      CHECK(grid->voxel.unit == "micrometer");
      std::size_t mismatches = 0;
      for (std::uint64_t z = 0; z < kShape[0]; ++z) {
        for (std::uint64_t y = 0; y < kShape[1]; ++y) {
          for (std::uint64_t x = 0; x < kShape[2]; ++x) {
            const float v = grid->at(static_cast<std::int64_t>(z), static_cast<std::int64_t>(y), static_cast<std::int64_t>(x));
            const float expected = value_at(t, c, z, y, x);
            // Channel 0 declares 0 as no data; channel 1 keeps its zeros.
            const bool ok = (c == 0 && expected == 0.0f) ? std::isnan(v) : v == expected;
            mismatches += !ok;
          }
        }
      }
      CHECK(mismatches == 0);
    }
  }
}

TEST_CASE("volume input: coarser levels have doubled voxels and the budget picks the level", "[volume_input]") {
  MemoryStore store("img.zarr");
  make_image(store);
  auto image = open_analysis_image(store, "img.zarr");
  REQUIRE(image.ok());
  auto level1 = read_volume(store, *image, VolumeSelection{1, 1, 0});
  REQUIRE(level1.ok());
  CHECK(level1->shape == GridShape{3, 4, 5});
  CHECK(level1->voxel.zyx == std::array<double, 3>{1.0, 0.5, 4.0});
  // Channel 1 at level 1, cell (0, 0, 0): mean of z, y in {0, 1}, x in {0, 1} (no zero there).
  double sum = 0;
  for (int z = 0; z < 2; ++z) {
    for (int y = 0; y < 2; ++y) {
      for (int x = 0; x < 2; ++x) sum += value_at(0, 1, z, y, x);
    }
  }
  CHECK(level1->at(0, 0, 0) == Approx(sum / 8));

  const ImageLayout& layout = image->layout;
  CHECK(level_float_bytes(layout, 0, 2) == std::optional<std::uint64_t>{5 * 7 * 9 * 4 * 2});
  CHECK(choose_level(layout, 1, 5 * 7 * 9 * 4) == std::optional<std::size_t>{0});
  CHECK(choose_level(layout, 1, 5 * 7 * 9 * 4 - 1) == std::optional<std::size_t>{1});
  CHECK(choose_level(layout, 2, 3 * 4 * 5 * 4 * 2) == std::optional<std::size_t>{1});
  CHECK(choose_level(layout, 1, 2 * 2 * 3 * 4) == std::optional<std::size_t>{2});
  CHECK(!choose_level(layout, 1, 2 * 2 * 3 * 4 - 1).has_value());
}

TEST_CASE("volume input: progress per brick and cancel", "[volume_input]") {
  MemoryStore store("img.zarr");
  make_image(store);
  auto image = open_analysis_image(store, "img.zarr");
  REQUIRE(image.ok());
  std::vector<double> fractions;
  AnalysisControl control;
  control.progress = [&](double f) { fractions.push_back(f); };
  REQUIRE(read_volume(store, *image, VolumeSelection{}, &control).ok());
  REQUIRE(!fractions.empty());
  CHECK(fractions.back() == 1.0);
  CHECK(std::is_sorted(fractions.begin(), fractions.end()));

  std::atomic<bool> cancel{true};
  control.cancel = &cancel;
  auto cancelled = read_volume(store, *image, VolumeSelection{}, &control);
  REQUIRE(!cancelled.ok());
  CHECK(cancelled.error().message.find("cancelled") != std::string::npos);
}

TEST_CASE("volume input: bad selections and stores are errors naming the store and array", "[volume_input]") {
  MemoryStore store("img.zarr");
  make_image(store);
  auto image = open_analysis_image(store, "img.zarr");
  REQUIRE(image.ok());
  auto channel = read_volume(store, *image, VolumeSelection{0, 2, 0});
  REQUIRE(!channel.ok());
  CHECK(channel.error().message == "img.zarr/0: channel 2 does not exist (2 channels)");
  auto time = read_volume(store, *image, VolumeSelection{1, 0, 5});
  REQUIRE(!time.ok());
  CHECK(time.error().message == "img.zarr/1: time point 5 does not exist (2 time points)");
  auto level = read_volume(store, *image, VolumeSelection{3, 0, 0});
  REQUIRE(!level.ok());
  CHECK(level.error().message == "img.zarr: level 3 does not exist (the image has 3 levels)");
  auto labels = read_labels(store, *image, 0);
  REQUIRE(!labels.ok());
  CHECK(labels.error().message.find("labels must be uint8, uint16 or uint32, not float32") != std::string::npos);

  MemoryStore empty("none.zarr");
  auto missing = open_analysis_image(empty, "none.zarr");
  REQUIRE(!missing.ok());
  CHECK(missing.error().message.find("none.zarr") != std::string::npos);

  SECTION("a truncated shard") {
    auto shard = store.get("0/c/0/0/0/0/0");
    REQUIRE(shard.ok());
    REQUIRE(shard->has_value());
    const Bytes& bytes = **shard;
    REQUIRE(store.set("0/c/0/0/0/0/0", ByteView(bytes.data(), 10)).ok());
    auto read = read_volume(store, *image, VolumeSelection{});
    REQUIRE(!read.ok());
    CHECK(read.error().message.find("0/c/0/0/0/0/0") != std::string::npos);
  }
  SECTION("a shard of garbage") {
    auto shard = store.get("0/c/0/0/0/0/0");
    REQUIRE(shard.ok());
    REQUIRE(shard->has_value());
    Bytes garbage = **shard;
    for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<std::uint8_t>(i * 37 + 11);
    REQUIRE(store.set("0/c/0/0/0/0/0", garbage).ok());
    auto read = read_volume(store, *image, VolumeSelection{});
    REQUIRE(!read.ok());
    CHECK(read.error().message.find("0/c/0/0/0/0/0") != std::string::npos);
  }
}

}  // namespace hs
