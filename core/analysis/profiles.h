// Depth and radial profiles of labelled particles: per particle, shell by shell (depth below the
// surface, normalised depth or distance from the centroid), the statistics of each channel and
// time point, as a tidy table with a CSV writer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/analysis_control.h"
#include "analysis/grid.h"
#include "analysis/histogram.h"
#include "util/result.h"

namespace hs {

// What a voxel's shell is measured by.
enum class ProfileBy {
  // Euclidean distance (the grid's length unit, anisotropic) from the voxel's centre to the
  // nearest voxel centre outside the particle, as distance_transform gives it: the outermost
  // voxels have a depth of one voxel edge, never 0. Other particles count as outside; a particle
  // touching the volume's border is measured from its other surfaces only (nothing is known
  // beyond the border), as scipy.ndimage.distance_transform_edt does on the whole volume.
  depth,
  // depth / (the particle's largest depth): 1 at the core, in (0, 1].
  normalized_depth,
  // Euclidean distance (length unit) from the particle's centroid (the mean of its voxel centres).
  radius,
};

// "depth", "normalized-depth", "radius"; and back (nullopt for other names).
const char* profile_by_name(ProfileBy by);
std::optional<ProfileBy> parse_profile_by(std::string_view name);

struct ProfileOptions {
  ProfileBy by = ProfileBy::depth;
  // depth and radius: shell k covers [k w, (k + 1) w), in the grid's length unit; > 0.
  double shell_width = 1.0;
  // normalized_depth: shells of width 1 / shell_count over (0, 1] (the core, at exactly 1, goes
  // to the last shell); > 0. Unused otherwise.
  std::uint32_t shell_count = 10;
  // Particles to profile, any order (rows come in ascending label order); empty = every label
  // in the grid.
  std::vector<std::uint32_t> labels;
};

// One channel at one time point, on the labels' grid.
struct ProfileInput {
  std::uint64_t time = 0;
  std::uint64_t channel = 0;
  std::string time_label;     // e.g. "pristine"; may be empty
  std::string channel_label;  // e.g. "lattice parameter"; may be empty
  std::string unit;           // of the values, e.g. "Å"; empty when dimensionless
  const FloatGrid* values = nullptr;  // NaN = no data (ignored); not owned
  std::optional<std::pair<double, double>> characteristic_range;  // [lo, hi]; outside counts
};

// Statistics of one input in one shell of one particle. Shells run from 0 up to the particle's
// last non-empty shell (normalised depth: all shell_count shells); an empty shell has
// voxels == 0 and NaN statistics.
struct ProfileRow {
  std::uint32_t label = 0;
  std::size_t input = 0;  // index into the inputs
  std::uint32_t shell = 0;
  double shell_start = 0, shell_end = 0;  // length unit, or normalised depth
  std::uint64_t voxels = 0;  // particle voxels in the shell
  ValueStats stats;          // of their values that are not NaN (stats.count of them)
};

struct ProfileTable {
  ProfileOptions options;
  std::string length_unit;           // the grid's VoxelSize::unit ("" = voxels)
  std::vector<ProfileInput> inputs;  // as given (grids not owned: do not use after they go)
  std::vector<ProfileRow> rows;      // label, then input, then shell
};

// Profiles of `labels` (0 = background) over `inputs` (each on the labels' shape). Errors
// (invalid_argument): an input without values or of another shape, a bad shell width or count,
// a requested label absent from the grid. Per particle the work is confined to its bounding box
// plus one voxel, so the cost is about the particles' boxes, not particles × volume.
// Deterministic. Progress per particle through `control`; cancelled_error() when asked.
Result<ProfileTable> compute_profiles(const LabelGrid& labels, const std::vector<ProfileInput>& inputs,
                                      const ProfileOptions& options, const AnalysisControl* control = nullptr);

// The table as CSV (RFC 4180, '\n' line ends), one row per label × time × channel × shell:
//   label,time,time_label,channel,channel_label,profile,shell,shell_start_<L>,shell_end_<L>,
//   voxels,count,mean,std,median,fraction_out_of_range,value_unit
// <L> is the length unit of the shell bounds: "um", "nm", "angstrom", "mm", "m" (or the axis
// unit's own name) for depth and radius, "voxel" when the grid has no unit, "relative" for
// normalised depth (d / d_max). mean, std (population) and median are in value_unit (the
// channel's own unit, which may differ between rows; empty = dimensionless). Empty statistics
// are empty fields, and so is fraction_out_of_range for a channel without a characteristic range. Numbers are written with 17 significant digits (they read back exactly).
std::string profiles_csv(const ProfileTable& table);

}  // namespace hs
