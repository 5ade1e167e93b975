// One segmentation job as the viewer runs it in a data worker: read the image's channel and time
// point at the finest level that fits a memory budget, run the recipe, measure the particles and
// profile them from surface to core, and describe the result as JSON for the Analysis panel.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/analysis_control.h"
#include "analysis/profiles.h"
#include "analysis/recipe.h"
#include "json/json.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

struct SegmentJob {
  SegmentationRecipe recipe;                      // level unset: the finest that fits budget_bytes
  std::uint64_t budget_bytes = std::uint64_t{256} << 20;  // float grid of the level read
  std::uint32_t profile_shells = 10;              // shells of normalised depth, surface to core
};

// Runs the job on the OME-Zarr image at the root of `store` (`name` for messages). Progress: the
// read is the first 40 %, the recipe the next 40 %, measuring the rest. The reply:
//   {"level": L, "shape_zyx": [z, y, x], "voxel_size_zyx": [...], "unit": "micrometer",
//    "value": "lattice parameter", "value_unit": "Å", "range": [lo, hi] | null,
//    "recipe": {...}, "count": N,
//    "particles": [{"label", "voxels", "volume", "diameter", "centroid_xyz": [x, y, z],
//                   "sphericity", "touches_border", "mean", "std", "median", "out_of_range"}],
//    "profile": {"shells": S, "labels": [label, ...], "mean": [[S values] per label],
//                "std": [...], "count": [...]}}
// Lengths are in `unit`; centroids are world positions in that unit (the level's translation
// included); statistics of NaN-free shells only (null where a shell has no value). Errors: the
// store's, no level fitting the budget, the recipe's (e.g. no valid voxel), cancellation.
Result<json::Value> run_segment_job(ReadableStore& store, const std::string& name, const SegmentJob& job,
                                    const AnalysisControl* control = nullptr);

}  // namespace hs
