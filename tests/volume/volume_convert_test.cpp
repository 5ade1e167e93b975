// Volume conversion: the pyramid read back through the Zarr reader equals the input and a
// brute-force 2×2×2 mean; metadata carries scales, translations, ranges and semantics.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "io/volume_reader.h"
#include "store/group_metadata.h"
#include "store/memory_store.h"
#include "store/ome_multiscales.h"
#include "store/zarr_array.h"
#include "volume/volume_convert.h"

namespace {

constexpr std::uint64_t kZ = 13, kY = 10, kX = 9;  // odd sizes: partial shards and edge cells

float voxel_value(std::uint64_t z, std::uint64_t y, std::uint64_t x) {
  return static_cast<float>(z * 100 + y * 10 + x) * 0.5f;
}

std::unique_ptr<hs::VolumeReader> raw_volume(float scale) {
  hs::Bytes bytes(kZ * kY * kX * sizeof(float));
  for (std::uint64_t z = 0; z < kZ; ++z)
    for (std::uint64_t y = 0; y < kY; ++y)
      for (std::uint64_t x = 0; x < kX; ++x) {
        const float v = voxel_value(z, y, x) * scale;
        std::memcpy(&bytes[((z * kY + y) * kX + x) * sizeof(float)], &v, sizeof v);
      }
  hs::VolumeOpenOptions options;
  options.raw = hs::RawLayout{{kZ, kY, kX}, hs::DataType::float32, false, 0};
  auto reader = hs::open_volume(hs::memory_source(std::move(bytes), "ramp.raw"), options);
  REQUIRE(reader.ok());
  return std::move(reader).value();
}

std::vector<float> read_level(hs::MemoryStore& store, int level, std::uint64_t c, const std::array<std::uint64_t, 3>& shape) {
  auto array = hs::ZarrArray::open(store, std::to_string(level));
  REQUIRE(array.ok());
  REQUIRE(array->metadata().shape == std::vector<std::uint64_t>{1, 2, shape[0], shape[1], shape[2]});
  std::vector<float> out(shape[0] * shape[1] * shape[2]);
  hs::DecodeContext context;
  const std::array<std::uint64_t, 5> start = {0, c, 0, 0, 0};
  const std::array<std::uint64_t, 5> extent = {1, 1, shape[0], shape[1], shape[2]};
  const hs::Status s = array->read_region(start, extent, {reinterpret_cast<std::uint8_t*>(out.data()), out.size() * 4}, context);
  REQUIRE(s.ok());
  return out;
}

}  // namespace

TEST_CASE("volume convert: every level reads back as the input and its 2x2x2 means", "[volume_convert]") {
  auto a = raw_volume(1.0f), b = raw_volume(2.0f);
  hs::MemoryStore store("out.zarr");
  hs::VolumeConvertOptions options;
  options.brick = 2;             // tiny bricks so the 13×10×9 volume spans many shards and levels
  options.bricks_per_shard = 2;  // shards of 4³
  options.voxel_size_zyx = {{2.0, 1.0, 1.0}};
  options.channel_labels = {"ADF", "Ni"};
  std::vector<double> progress;
  options.progress = [&](double f) { progress.push_back(f); };
  auto report = hs::convert_volume({{a.get(), b.get()}}, store, options);
  REQUIRE(report.ok());
  // Levels until every axis fits one brick: 13 -> 7 -> 4 -> 2.
  CHECK(report->levels == 4);
  CHECK(progress.back() == Approx(1.0));
  CHECK(report->value_range[0].first == 0.0);
  CHECK(report->value_range[1].second == Approx(2 * voxel_value(kZ - 1, kY - 1, kX - 1)));

  const auto level0 = read_level(store, 0, 1, {kZ, kY, kX});
  for (std::uint64_t z = 0; z < kZ; ++z)
    for (std::uint64_t y = 0; y < kY; ++y)
      for (std::uint64_t x = 0; x < kX; ++x) REQUIRE(level0[(z * kY + y) * kX + x] == 2 * voxel_value(z, y, x));

  // Level 1 against a brute-force mean of the input (edge cells average what they have).
  const std::array<std::uint64_t, 3> s1 = {7, 5, 5};
  const auto level1 = read_level(store, 1, 0, s1);
  for (std::uint64_t z = 0; z < s1[0]; ++z)
    for (std::uint64_t y = 0; y < s1[1]; ++y)
      for (std::uint64_t x = 0; x < s1[2]; ++x) {
        double sum = 0;
        int n = 0;
        for (std::uint64_t dz = 0; dz < 2; ++dz)
          for (std::uint64_t dy = 0; dy < 2; ++dy)
            for (std::uint64_t dx = 0; dx < 2; ++dx)
              if (2 * z + dz < kZ && 2 * y + dy < kY && 2 * x + dx < kX) {
                sum += voxel_value(2 * z + dz, 2 * y + dy, 2 * x + dx);
                ++n;
              }
        REQUIRE(level1[(z * s1[1] + y) * s1[2] + x] == Approx(sum / n));
      }
}

TEST_CASE("volume convert: the group is an OME-Zarr 0.5 image with physical scales", "[volume_convert]") {
  auto a = raw_volume(1.0f);
  hs::MemoryStore store("out.zarr");
  hs::VolumeConvertOptions options;
  options.brick = 4;
  options.bricks_per_shard = 2;
  options.voxel_size_zyx = {{2.0, 2.0, 2.0}};
  options.semantics = {{"lattice parameter", "Å", 0.0, std::make_pair(8.076, 8.145)}};
  options.time_labels = {"pristine"};
  auto report = hs::convert_volume({{a.get()}}, store, options);
  REQUIRE(report.ok());
  auto group = hs::read_group_metadata(store, "");
  REQUIRE(group.ok());
  std::vector<std::string> warnings;
  auto meta = hs::read_volume_metadata(hs::json::Value(group->attributes), "out.zarr", warnings);
  REQUIRE(meta.ok());
  REQUIRE(meta->levels.size() == report->levels);
  CHECK(meta->axes[4] == hs::OmeAxis{"x", "space", "micrometer"});
  // Level 2 voxels are 4× larger, centred 1.5 fine voxels in.
  CHECK(meta->levels[2].scale == std::vector<double>{1, 1, 8, 8, 8});
  CHECK(meta->levels[2].translation == std::vector<double>{0, 0, 3, 3, 3});
  CHECK(meta->semantics == options.semantics);
  CHECK(meta->time_labels == options.time_labels);
  CHECK(meta->channels[0].window_max == Approx(voxel_value(kZ - 1, kY - 1, kX - 1)));
}

TEST_CASE("volume convert: inputs that do not match are refused, naming the file", "[volume_convert]") {
  auto a = raw_volume(1.0f);
  hs::VolumeOpenOptions options;
  options.raw = hs::RawLayout{{kZ, kY, kX + 1}, hs::DataType::float32, false, 0};
  auto wide = hs::open_volume(hs::memory_source(hs::Bytes(kZ * kY * (kX + 1) * 4), "wide.raw"), options);
  REQUIRE(wide.ok());
  hs::MemoryStore store;
  auto report = hs::convert_volume({{a.get(), wide->get()}}, store, {});
  REQUIRE_FALSE(report.ok());
  CHECK_THAT(report.error().message, Catch::Contains("wide.raw") && Catch::Contains("shape"));
}
