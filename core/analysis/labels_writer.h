// Writes a LabelGrid as an OME-Zarr 0.5 labels image (uint32, a mode-downsampled pyramid in the
// writer profile, `image-label` metadata) into a WritableStore. The write path: the browser
// viewer does not link it.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "analysis/grid.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

struct LabelsWriteOptions {
  std::string name = "labels";  // multiscales name
  // Centre of voxel (0, 0, 0) along z, y, x in the grid's unit: the segmented image level's
  // translation, so the labels overlay it. Level k's translation adds the shift of its
  // 2^k-voxel cells, as for images.
  std::array<double, 3> first_center_zyx{0.0, 0.0, 0.0};
  // image-label.source.image: where the labelled image is relative to this group, e.g.
  // "../IN.zarr"; empty = not written.
  std::string source_image;
  std::uint64_t brick = 64;            // voxels per brick edge
  std::uint64_t bricks_per_shard = 4;  // shard edge = brick × bricks_per_shard (even)
  int zstd_level = 3;
  std::function<void(double fraction_done)> progress;  // optional
  const std::atomic<bool>* cancel = nullptr;           // optional
};

// Writes `labels` into `out` (an empty store, or one being replaced) as the image at its root:
// axes t, c, z, y, x (t and c of extent 1, so it lines up with the 5-D images of the converter),
// levels "0", "1", ... halving z, y, x by the most frequent label of each 2×2×2 cell (ties to the
// smaller label) down to one brick, and attributes.ome["image-label"] per OME-Zarr 0.5 (with the
// source image when given). Errors: a grid whose unit is not an OME length unit, and the store's.
Status write_labels_image(const LabelGrid& labels, WritableStore& out, const LabelsWriteOptions& options = {});

}  // namespace hs
