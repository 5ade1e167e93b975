// The segmentation recipe: the steps from a FloatGrid to labelled particles (smoothing,
// threshold, fill holes, opening, small-object removal, labelling or watershed split) with their
// parameters, round-tripping through JSON so the view state and `heteroscope segment --recipe`
// carry it, and run_recipe that applies it deterministically.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "analysis/analysis_control.h"
#include "analysis/grid.h"
#include "analysis/labeling.h"
#include "json/json.h"
#include "util/result.h"

namespace hs {

enum class SmoothingKind { none, gaussian, median };
enum class ThresholdKind { automatic, valid, manual, otsu, multi_otsu };

// Every length is in the image's length unit (the axes' unit, e.g. micrometer), so a recipe
// means the same at every pyramid level. The defaults are the default recipe: automatic threshold
// (Otsu on the valid voxels, or the valid voxels themselves in maps with no-data voxels), fill
// holes, watershed split of touching particles.
struct SegmentationRecipe {
  // What to read (used by callers that read the volume, e.g. the CLI): pyramid level (nullopt =
  // the finest level that fits the memory budget), channel and time point.
  std::optional<std::uint64_t> level;
  std::uint64_t channel = 0;
  std::uint64_t time = 0;

  SmoothingKind smoothing = SmoothingKind::none;
  double gaussian_sigma = 1.0;  // length; gaussian only

  // automatic: `valid` when the grid has no-data (NaN) voxels, else `otsu`. In refined maps such as
  // XRD-CT lattice parameters every particle voxel has a value and nothing else has (the value
  // varies within particles: Otsu would split it); intensity images (ADF, EDS) have data
  // everywhere and the particles stand out by value.
  // valid: foreground = the voxels with data (not NaN).
  // manual: foreground = voxels with value >= threshold_value.
  // otsu: foreground = Otsu's upper class: the values in the histogram bins above the threshold's
  // bin (skimage's threshold is that bin's centre, and `image > threshold` would also take the
  // upper half of the bin; we take value >= threshold + bin width / 2).
  // multi_otsu: multi_otsu_classes classes (2-4); foreground = the classes from
  // multi_otsu_foreground (1 .. classes - 1) up, by the same rule at threshold number
  // multi_otsu_foreground.
  ThresholdKind threshold = ThresholdKind::automatic;
  double threshold_value = 0.0;
  int multi_otsu_classes = 3;
  int multi_otsu_foreground = 1;
  std::uint32_t histogram_bins = 256;  // automatic, otsu and multi_otsu, over the valid values' range

  bool fill_holes = true;
  double opening_radius = 0.0;         // length of the ball of a binary opening; 0 = none
  std::uint64_t min_voxels = 0;        // remove objects smaller than this; 0 = keep all
  // Of labelling, small-object removal and the watershed flood. faces6 (scipy.ndimage.label's
  // default) keeps particles that meet only at an edge or corner of a voxel apart.
  Connectivity connectivity = Connectivity::faces6;

  bool watershed = true;  // split touching particles (else: connected components)
  // Height of the distance map's maxima that seed particles (length); nullopt = a quarter of the
  // smallest voxel edge of the grid. Larger h merges more. (On the xrdct-lmo sample, whose
  // touching grains meet at necks, any h from a quarter to one voxel edge gives the same split.)
  std::optional<double> watershed_h;

  friend bool operator==(const SegmentationRecipe&, const SegmentationRecipe&) = default;
};

// JSON form (members optional, defaults as above; unknown members and wrong types are errors):
//   {"level": "auto" | N, "channel": N, "time": N,
//    "smoothing": {"kind": "none"} | {"kind": "gaussian", "sigma": L} | {"kind": "median"},
//    "threshold": {"kind": "auto", "bins": N} | {"kind": "valid"} | {"kind": "otsu", "bins": N}
//               | {"kind": "manual", "value": V}
//               | {"kind": "multi-otsu", "classes": 2..4, "foreground": 1..classes-1, "bins": N},
//    "fill_holes": B, "opening_radius": L, "min_voxels": N, "connectivity": 6 | 18 | 26,
//    "watershed": {"enabled": B, "h": "auto" | L}}
json::Value recipe_to_json(const SegmentationRecipe& recipe);
// Errors (ErrorCode::parse) start with `source` and name the member and the problem, e.g.
// "recipe.json: threshold.classes: must be a whole number from 2 to 4 (got 7)".
Result<SegmentationRecipe> recipe_from_json(const json::Value& value, std::string_view source);
// Strict JSON text (json::parse) then recipe_from_json.
Result<SegmentationRecipe> parse_recipe(std::string_view text, std::string_view source);

// Runs the recipe's steps on `grid` (NaN = no data = background): smoothing, threshold (Otsu and
// multi-Otsu on a histogram of the valid values; `automatic` decides on the unsmoothed grid), fill holes, opening, removal of small objects,
// then labelling, or the watershed split of touching particles (split_particles). Labels 1..count.
// Bit-identical for the same grid and recipe on every platform. Progress over all steps through
// `control`. Errors: no valid voxel, a threshold that cannot be computed (e.g. fewer distinct
// values than multi-Otsu classes), the steps' own, cancellation.
Result<Labels> run_recipe(const FloatGrid& grid, const SegmentationRecipe& recipe,
                          const AnalysisControl* control = nullptr);

}  // namespace hs
