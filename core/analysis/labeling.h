// Connected-component labelling of a MaskGrid (6/18/26 connectivity), whole-array or brick by
// brick with union-find across brick faces; both number components 1..N in raster order.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "analysis/analysis_control.h"
#include "analysis/grid.h"
#include "util/result.h"

namespace hs {

// Which neighbours of a voxel touch it: sharing a face (6), a face or an edge (18), or any (26);
// scipy.ndimage.generate_binary_structure(3, 1 / 2 / 3).
enum class Connectivity { faces6 = 6, edges18 = 18, corners26 = 26 };

// The offsets (dz, dy, dx) of the neighbours under `connectivity`, in raster order.
std::vector<std::array<int, 3>> neighbour_offsets(Connectivity connectivity);

struct Labels {
  LabelGrid grid;           // 0 = background, 1..count = components; voxel size of the mask
  std::uint32_t count = 0;  // number of components
};

// Labels the foreground (non-zero) voxels of `mask`: component k is the k-th in raster order
// (z, y, x) of its first voxel, so the result is deterministic. Two-pass union-find, O(voxels).
// The mask must have fewer than 2^32 voxels (asserted).
Labels label_components(const MaskGrid& mask, Connectivity connectivity);

// The same, reporting progress and honouring cancellation: cancelled_error("label") when cancelled.
Result<Labels> label_components(const MaskGrid& mask, Connectivity connectivity, const AnalysisControl* control);

// One brick of a volume: voxels [origin, origin + shape) along z, y, x.
struct BrickBox {
  std::array<std::int64_t, 3> origin{0, 0, 0};
  GridShape shape;
};

// Supplies the mask of one brick (its shape must equal box.shape), e.g. streamed from a store.
using MaskBrickSource = std::function<Result<MaskGrid>(const BrickBox& box)>;
// Receives the final labels of one brick.
using LabelBrickSink = std::function<Status(const BrickBox& box, const LabelGrid& labels)>;

// Labels a volume of `volume` voxels brick by brick (bricks of `brick` voxels, smaller at the
// high edges, visited in raster order), holding only one brick plus the labels on the brick faces
// of two brick layers and a few bytes per provisional label. Each brick's mask is fetched twice
// (once per pass) and its final labels go to `sink` once, in brick raster order. The labels equal
// label_components on the whole array (same numbering). Returns the number of components.
// Errors: invalid_argument for an empty brick shape or a source brick of the wrong shape; limit
// when there are 2^32 or more provisional labels; the source's or sink's error; cancelled_error
// ("label") when cancelled.
Result<std::uint32_t> label_components_bricked(const GridShape& volume, const GridShape& brick,
                                               Connectivity connectivity, const MaskBrickSource& source,
                                               const LabelBrickSink& sink, const AnalysisControl* control = nullptr);

}  // namespace hs
