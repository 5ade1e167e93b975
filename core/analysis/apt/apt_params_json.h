// The atom probe analyses' ROI and parameters as JSON, for the view state and the URL (a recipe
// that a collaborator's browser recomputes). Writing gives every member; reading is strict:
// members may be left out (their defaults apply) but unknown members, wrong types and invalid
// values are errors naming `where` and the member.
//
//   ROI: {"shape": "cylinder", "centre_nm": [x, y, z], "axis": [ax, ay, az], "radius_nm": R,
//         "length_nm": L}  (centre_nm, axis and length_nm required; radius_nm defaults to 12.5)
//     or {"shape": "box", "min_nm": [x, y, z], "max_nm": [x, y, z], "profile_axis": "x"|"y"|"z"}
//   profile: {"bin_nm": 0.5, "bin_ions": 0}      frequency: {"block_atoms": 100, "min_expected": 5}
//   isosurface and proxigram: {"element": "Mn" (or "" for none yet), "level_at_percent": 10,
//         "voxel_nm": 1, "sigma_nm": [1, 1, 1], "kernel_sigmas": 3, "min_total_atoms": 1,
//         "bin_nm": 0.5, "max_distance_nm": 10}
//   clusters: {"d_max_nm": 0.5, "min_solute_ions": 10, "envelope_nm": 0.5, "erosion_nm": 0}
#pragma once

#include <string_view>

#include "analysis/apt/clusters.h"
#include "analysis/apt/composition_profile.h"
#include "analysis/apt/frequency_distribution.h"
#include "analysis/apt/proxigram.h"
#include "analysis/apt/roi.h"
#include "json/json.h"
#include "util/result.h"

namespace hs {

json::Value roi_to_json(const IonRoi& roi);
Result<IonRoi> roi_from_json(const json::Value& value, std::string_view where);

json::Value profile_params_to_json(const ProfileParams& params);
Result<ProfileParams> profile_params_from_json(const json::Value& value, std::string_view where);

json::Value frequency_params_to_json(const FrequencyParams& params);
Result<FrequencyParams> frequency_params_from_json(const json::Value& value, std::string_view where);

json::Value isosurface_params_to_json(const IsosurfaceParams& params);
Result<IsosurfaceParams> isosurface_params_from_json(const json::Value& value, std::string_view where);

json::Value cluster_params_to_json(const ClusterParams& params);
Result<ClusterParams> cluster_params_from_json(const json::Value& value, std::string_view where);

}  // namespace hs
