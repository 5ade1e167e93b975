// One atom probe analysis as the viewer runs it in a data worker: open the point store, apply the
// ranges edited in the viewer if any, run a composition profile, frequency distribution,
// isosurface + proxigram or cluster search over the ROI (the same calls as `heteroscope apt`),
// and describe the result as plot-ready JSON for the UI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_control.h"
#include "analysis/apt/clusters.h"
#include "analysis/apt/composition_profile.h"
#include "analysis/apt/frequency_distribution.h"
#include "analysis/apt/proxigram.h"
#include "analysis/apt/roi.h"
#include "json/json.h"
#include "points/range_table.h"
#include "store/store.h"
#include "util/result.h"

namespace hs {

enum class AptAnalysis { profile, freqdist, proxigram, clusters };

// Default caps on what a reply carries for drawing (the analysis itself always uses every ion).
inline constexpr std::uint64_t kDefaultReplyTriangles = 200000;  // reduced to fit (mesh_reduce.h)
inline constexpr std::uint64_t kDefaultReplyMemberIons = 200000;

struct AptJob {
  AptAnalysis kind = AptAnalysis::profile;
  // Unset: as the CLI, the default cylinder along z (radius 12.5 nm through the centre of the
  // data, over its whole length) for profile and freqdist; all the data for proxigram and clusters.
  std::optional<IonRoi> roi;
  ProfileParams profile;
  FrequencyParams frequency;
  std::vector<std::string> species;  // freqdist: the elements to test; clusters: the solutes
  IsosurfaceParams isosurface;       // proxigram: element, level, grid and bins
  ClusterParams clusters;
  std::optional<RangeTable> ranges;  // replaces the store's range table (ranges edited in the viewer)
  std::uint64_t max_mesh_triangles = kDefaultReplyTriangles;  // proxigram: mesh triangles sent
  std::uint64_t max_member_ions = kDefaultReplyMemberIons;    // clusters: member ions sent
};

// "profile", "freqdist", "proxigram", "clusters".
const char* apt_analysis_name(AptAnalysis kind);

// Runs the job on the point store at the root of `store` (`name` starts error messages). Progress
// and cancellation as the analysis reports them (reading the ions is nearly all of the time); a
// cancelled job returns ErrorCode::cancelled. Every reply has "kind", "roi" (roi_to_json, or null
// for all the data), "notes" (strings: what the reply leaves out) and "csv" (the CLI's CSV).
// Numbers are JSON numbers; NaN is null. Elements come in the range table's order. Per kind:
//   profile:   "axis_label", "bins": {"start_nm", "end_nm", "ions" (ranged), "unranged_ions",
//              "atoms"}, "elements": [{"element", "count", "at_percent", "sigma"}] (at.%; null where
//              a bin has no atoms), "ratios": [{"name", "value"}] (those the table supports),
//              "totals": {"ions", "unranged_ions", "atoms", "elements": [{"element", "count",
//              "at_percent", "sigma"}], "ratios": [{"name", "value"}]}
//   freqdist:  "axis_label", "distributions": [{"element", "block_atoms", "blocks", "at_percent",
//              "observed", "expected", "chi2", "dof", "p_value", "mu"}]
//   proxigram: "element", "level_at_percent", "ions", "ions_beyond", "bins": {"start_nm",
//              "end_nm", "distance_nm", "ions", "atoms"}, "elements": [{"element", "count",
//              "at_percent", "sigma"}], "components": [{"centre_nm", "volume_nm3", "area_nm2",
//              "closed", "triangles"}], "mesh": {"vertices": [x, y, z, ...] (nm), "triangles":
//              [i, j, k, ...], "triangle_count" (of the full surface), "drawn_cell_nm"} (the
//              surface reduced to at most max_mesh_triangles by reduce_mesh, with its cube edge;
//              0 and the full surface when it fits, else a note says so)
//   clusters:  "species", "elements" (names: the columns of "atoms" and "at_percent"), "ions",
//              "solute_ions", "clusters": [{"id", "solute_ions", "ions", "atoms", "at_percent",
//              "centroid_nm", "radius_of_gyration_nm"}], "members":
//              {"xyz": [x, y, z, ...] (nm), "cluster": [id, ...], "count"} (the first
//              max_member_ions ions in clusters, in store order: an even subsample)
// Errors: the store's, a range table that fails validation, an element the table lacks, no
// species where needed, the analysis' own errors, cancellation.
Result<json::Value> run_apt_job(ReadableStore& store, const std::string& name, const AptJob& job,
                                const AnalysisControl* control = nullptr);

}  // namespace hs
