// Labels images: a LabelGrid written as OME-Zarr labels reads back exactly, its coarser level is
// the mode of each 2×2×2 cell, and the metadata carries the translation and image-label.
#include <catch2/catch.hpp>

#include "analysis/labels_writer.h"
#include "analysis/volume_input.h"
#include "store/group_metadata.h"
#include "store/memory_store.h"

namespace hs {
namespace {

LabelGrid test_labels() {
  LabelGrid labels = make_grid(GridShape{6, 7, 9}, std::uint32_t{0}, VoxelSize{{0.5, 0.5, 1.0}, "micrometer"});
  for (std::size_t i = 0; i < labels.values.size(); ++i) labels.values[i] = static_cast<std::uint32_t>((i * 7) % 5);
  // Cell (0, 0, 0) of level 1: labels 1, 1, 1, 2, 2, 2, 0, 0 -> 1 (a tie of 1 and 2 goes to the smaller).
  const std::uint32_t cell0[8] = {1, 2, 1, 2, 0, 1, 2, 0};
  // Cell (1, 1, 1): five 70000s and three 3s -> 70000.
  const std::uint32_t cell1[8] = {70000, 3, 70000, 70000, 3, 70000, 3, 70000};
  for (int k = 0; k < 8; ++k) {
    labels.at(k >> 2, (k >> 1) & 1, k & 1) = cell0[k];
    labels.at(2 + (k >> 2), 2 + ((k >> 1) & 1), 2 + (k & 1)) = cell1[k];
  }
  return labels;
}

}  // namespace

TEST_CASE("labels writer: labels read back exactly, with the mode pyramid and metadata", "[labels_writer]") {
  const LabelGrid labels = test_labels();
  MemoryStore store("labels.zarr");
  LabelsWriteOptions options;
  options.brick = 4;
  options.bricks_per_shard = 2;
  options.first_center_zyx = {10.0, 20.0, 30.0};
  options.source_image = "../image.zarr";
  std::vector<double> fractions;
  options.progress = [&](double f) { fractions.push_back(f); };
  REQUIRE(write_labels_image(labels, store, options).ok());
  CHECK(!fractions.empty());

  auto image = open_analysis_image(store, "labels.zarr");
  REQUIRE(image.ok());
  REQUIRE(image->layout.levels.size() == 3);  // 6×7×9 -> 3×4×5 -> 2×2×3 (one brick)
  CHECK(image->layout.levels[0].array.data_type == DataType::uint32);
  auto back = read_labels(store, *image, 0);
  REQUIRE(back.ok());
  CHECK(back->shape == labels.shape);
  CHECK(back->values == labels.values);
  CHECK(back->voxel.zyx == labels.voxel.zyx);
  CHECK(back->voxel.unit == "micrometer");
  auto level1 = read_labels(store, *image, 1);
  REQUIRE(level1.ok());
  CHECK(level1->shape == GridShape{3, 4, 5});
  CHECK(level1->at(0, 0, 0) == 1);
  CHECK(level1->at(1, 1, 1) == 70000);

  const OmeLevel& first = image->layout.metadata.levels[0];
  CHECK(first.translation == std::vector<double>{0, 0, 10, 20, 30});
  const OmeLevel& second = image->layout.metadata.levels[1];
  CHECK(second.scale == std::vector<double>{1, 1, 1.0, 1.0, 2.0});
  CHECK(second.translation == std::vector<double>{0, 0, 10.25, 20.25, 30.5});
  auto group = read_group_metadata(store, "");
  REQUIRE(group.ok());
  const json::Value attributes(group->attributes);
  const json::Value* image_label = attributes.find("ome")->find("image-label");
  REQUIRE(image_label != nullptr);
  CHECK(json::write(*image_label) == "{\"source\":{\"image\":\"../image.zarr\"}}");
}

TEST_CASE("labels writer: a grid without a length unit is refused", "[labels_writer]") {
  LabelGrid labels = make_grid(GridShape{2, 2, 2}, std::uint32_t{1});
  MemoryStore store("out.zarr");
  const Status status = write_labels_image(labels, store);
  REQUIRE(!status.ok());
  CHECK(status.error().message.find("out.zarr") != std::string::npos);
  CHECK(status.error().message.find("length unit") != std::string::npos);
}

}  // namespace hs
