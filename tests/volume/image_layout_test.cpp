// Image layout from the documents a summary collects: voxel sizes in nm, level shapes and bricks,
// world boxes (outer voxel faces), and brick coordinates in the array's axis order.
#include <catch2/catch.hpp>

#include <cstring>

#include "dataset/dataset_summary.h"
#include "io/volume_reader.h"
#include "store/memory_store.h"
#include "volume/image_layout.h"
#include "volume/volume_convert.h"

namespace {

// A 12×10×8 uint8 volume converted with 4³ bricks, 2 µm × 1 µm × 1 µm voxels, two channels.
void convert_into(hs::MemoryStore& store) {
  hs::VolumeOpenOptions open;
  open.raw = hs::RawLayout{{12, 10, 8}, hs::DataType::uint8, false, 0};
  auto a = hs::open_volume(hs::memory_source(hs::Bytes(960, 1), "a.raw"), open);
  auto b = hs::open_volume(hs::memory_source(hs::Bytes(960, 2), "b.raw"), open);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  hs::VolumeConvertOptions options;
  options.brick = 4;
  options.bricks_per_shard = 2;
  options.voxel_size_zyx = {{2.0, 1.0, 1.0}};
  const std::vector<std::vector<hs::VolumeReader*>> inputs = {{a->get(), b->get()}};
  REQUIRE(hs::convert_volume(inputs, store, options).ok());
}

}  // namespace

TEST_CASE("image layout: levels, voxel sizes in nm, boxes and brick coordinates", "[image_layout]") {
  hs::MemoryStore store("img.zarr");
  convert_into(store);
  auto summary = hs::summarize_dataset(store, "img.zarr");
  REQUIRE(summary.ok());
  std::vector<std::string> warnings;
  auto layout = hs::read_image_layout(summary->documents, "img.zarr", warnings);
  REQUIRE(layout.ok());
  CHECK(warnings.empty());
  CHECK(layout->time_dim == std::optional<std::size_t>(0));
  CHECK(layout->channel_dim == std::optional<std::size_t>(1));
  CHECK(layout->channel_count == 2u);
  CHECK(layout->time_count == 1u);
  REQUIRE(layout->levels.size() >= 2u);
  const hs::ImageLevel& l0 = layout->levels[0];
  const hs::ImageLevel& l1 = layout->levels[1];
  CHECK(l0.shape_zyx == std::array<std::uint64_t, 3>{12, 10, 8});
  CHECK(l0.brick_zyx == std::array<std::uint64_t, 3>{4, 4, 4});
  CHECK(l1.shape_zyx == std::array<std::uint64_t, 3>{6, 5, 4});  // halved, rounded up
  CHECK(l0.voxel_nm_zyx[0] == Approx(2000.0));
  CHECK(l0.voxel_nm_zyx[2] == Approx(1000.0));
  CHECK(l1.voxel_nm_zyx[0] == Approx(4000.0));
  // Voxel (0,0,0) of level 1 is the mean of level-0 voxels 0 and 1: its centre is half a fine
  // voxel in; so both levels' boxes start at the outer face of the first fine voxel.
  CHECK(l1.first_center_nm_zyx[0] == Approx(1000.0));
  const auto min0 = layout->box_min_nm_xyz(0), max0 = layout->box_max_nm_xyz(0);
  const auto min1 = layout->box_min_nm_xyz(1), max1 = layout->box_max_nm_xyz(1);
  CHECK(min0[0] == Approx(-500.0));   // x: half a 1 µm voxel
  CHECK(min0[2] == Approx(-1000.0));  // z: half a 2 µm voxel
  CHECK(max0[0] == Approx(7500.0));
  CHECK(max0[2] == Approx(23000.0));
  for (int a = 0; a < 3; ++a) {
    CHECK(min1[static_cast<std::size_t>(a)] == Approx(min0[static_cast<std::size_t>(a)]));
    CHECK(max1[static_cast<std::size_t>(a)] == Approx(max0[static_cast<std::size_t>(a)]));
  }
  CHECK(layout->brick_coords(0, 1, {2, 1, 0}) == std::vector<std::uint64_t>{0, 1, 2, 1, 0});
}

TEST_CASE("image layout: a level whose document is missing is an error naming it", "[image_layout]") {
  hs::MemoryStore store("img.zarr");
  convert_into(store);
  auto summary = hs::summarize_dataset(store, "img.zarr");
  REQUIRE(summary.ok());
  hs::json::Object documents;
  for (const auto& member : summary->documents) {
    if (member.first != "1") documents.push_back(member);
  }
  std::vector<std::string> warnings;
  auto layout = hs::read_image_layout(documents, "img.zarr", warnings);
  REQUIRE_FALSE(layout.ok());
  CHECK(layout.error().message == "img.zarr: level 1 was not read");
}
