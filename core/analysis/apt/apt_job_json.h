// An atom probe job (apt_job.h) as JSON, for the worker request and the view state's analysis
// recipe in the URL. Writing gives "kind" and only the members that differ from their defaults
// (within a parameter object too), so URLs stay short; reading is strict: left-out members take
// their defaults, unknown members, wrong types and invalid values are errors naming `where` and
// the member, e.g. "apt job.proxigram.voxel_nm must be above 0".
//
//   {"kind": "profile" | "freqdist" | "proxigram" | "clusters",   (required)
//    "roi": roi_to_json (absent: the analysis' default ROI),
//    "profile": {...}, "frequency": {...}, "proxigram": {...}, "clusters": {...}  (apt_params_json.h),
//    "species": ["Cr", ...]  (element symbols),
//    "ranges": range_table_to_json (points/range_table_json.h; absent: the store's ranges),
//    "max_mesh_triangles": 200000, "max_member_ions": 200000}
#pragma once

#include <string_view>

#include "analysis/apt/apt_job.h"
#include "json/json.h"
#include "util/result.h"

namespace hs {

json::Value apt_job_to_json(const AptJob& job);
Result<AptJob> apt_job_from_json(const json::Value& value, std::string_view where);

}  // namespace hs
