// Strict JSON for atom probe jobs, written with only the members that differ from the defaults.
#include "analysis/apt/apt_job_json.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/apt/apt_params_json.h"
#include "analysis/apt/detail/json_members.h"
#include "points/range_table_json.h"

namespace hs {
namespace {

constexpr std::array kKinds = {AptAnalysis::profile, AptAnalysis::freqdist, AptAnalysis::proxigram,
                               AptAnalysis::clusters};
constexpr std::size_t kMaxSpecies = 118;  // one per element
constexpr std::uint64_t kMaxReplyMemberIons = std::uint64_t{1} << 32;

// The members of the object `value` that differ from those of `defaults`.
json::Value changed_members(const json::Value& value, const json::Value& defaults) {
  json::Object out;
  for (const json::Member& m : value.as_object()) {
    const json::Value* d = defaults.find(m.first);
    if (d == nullptr || !(*d == m.second)) out.push_back(m);
  }
  return out;
}

// Reads the member `key` with `read(value, where)` into `field` when it is present.
template <typename T, typename Reader>
Status read_member(const apt_json::Members& m, std::string_view key, Reader read, T& field) {
  const json::Value* v = m.find(key);
  if (v == nullptr) return {};
  auto parsed = read(*v, m.path(key));
  if (!parsed) return parsed.error();
  field = std::move(*parsed);
  return {};
}

}  // namespace

json::Value apt_job_to_json(const AptJob& job) {
  json::Object o;
  o.emplace_back("kind", apt_analysis_name(job.kind));
  if (job.roi) o.emplace_back("roi", roi_to_json(*job.roi));
  const auto add_changed = [&o](const char* key, const json::Value& value, const json::Value& defaults) {
    json::Value changed = changed_members(value, defaults);
    if (!changed.as_object().empty()) o.emplace_back(key, std::move(changed));
  };
  add_changed("profile", profile_params_to_json(job.profile), profile_params_to_json({}));
  add_changed("frequency", frequency_params_to_json(job.frequency), frequency_params_to_json({}));
  add_changed("proxigram", isosurface_params_to_json(job.isosurface), isosurface_params_to_json({}));
  add_changed("clusters", cluster_params_to_json(job.clusters), cluster_params_to_json({}));
  if (!job.species.empty()) {
    json::Array species;
    for (const std::string& s : job.species) species.emplace_back(s);
    o.emplace_back("species", std::move(species));
  }
  if (job.ranges) o.emplace_back("ranges", range_table_to_json(*job.ranges));
  if (job.max_mesh_triangles != kDefaultReplyTriangles) {
    o.emplace_back("max_mesh_triangles", static_cast<double>(job.max_mesh_triangles));
  }
  if (job.max_member_ions != kDefaultReplyMemberIons) {
    o.emplace_back("max_member_ions", static_cast<double>(job.max_member_ions));
  }
  return o;
}

Result<AptJob> apt_job_from_json(const json::Value& value, std::string_view where) {
  const apt_json::Members m(value, where);
  if (auto e = m.check({"kind", "roi", "profile", "frequency", "proxigram", "clusters", "species", "ranges",
                        "max_mesh_triangles", "max_member_ions"})) {
    return *e;
  }
  AptJob job;
  auto kind = m.text("kind");
  if (!kind) return kind.error();
  const auto named = std::find_if(kKinds.begin(), kKinds.end(),
                                  [&](AptAnalysis k) { return *kind && **kind == apt_analysis_name(k); });
  if (named == kKinds.end())
    return m.error("kind", "must be \"profile\", \"freqdist\", \"proxigram\" or \"clusters\"");
  job.kind = *named;
  const auto read_roi = [](const json::Value& v, std::string_view at) -> Result<std::optional<IonRoi>> {
    auto roi = roi_from_json(v, at);
    if (!roi) return roi.error();
    return std::optional<IonRoi>(*roi);
  };
  const auto read_ranges = [](const json::Value& v,
                              std::string_view at) -> Result<std::optional<RangeTable>> {
    auto table = range_table_from_json(v, at);
    if (!table) return table.error();
    return std::optional<RangeTable>(std::move(*table));
  };
  for (Status s : {read_member(m, "roi", read_roi, job.roi),
                   read_member(m, "profile", profile_params_from_json, job.profile),
                   read_member(m, "frequency", frequency_params_from_json, job.frequency),
                   read_member(m, "proxigram", isosurface_params_from_json, job.isosurface),
                   read_member(m, "clusters", cluster_params_from_json, job.clusters),
                   read_member(m, "ranges", read_ranges, job.ranges)}) {
    if (!s) return s.error();
  }
  auto species = m.texts("species", kMaxSpecies);
  if (!species) return species.error();
  job.species = species->value_or(std::vector<std::string>{});
  for (std::size_t i = 0; i < job.species.size(); ++i) {
    if (!is_element_symbol(job.species[i]))
      return m.error("species", "must hold element symbols such as \"Cr\"");
    if (std::find(job.species.begin(), job.species.begin() + static_cast<std::ptrdiff_t>(i),
                  job.species[i]) != job.species.begin() + static_cast<std::ptrdiff_t>(i)) {
      return m.error("species", "names " + job.species[i] + " twice");
    }
  }
  auto triangles = m.count("max_mesh_triangles", 0, kMaxMeshVertices);
  if (!triangles) return triangles.error();
  job.max_mesh_triangles = triangles->value_or(job.max_mesh_triangles);
  auto members = m.count("max_member_ions", 0, kMaxReplyMemberIons);
  if (!members) return members.error();
  job.max_member_ions = members->value_or(job.max_member_ions);
  return job;
}

}  // namespace hs
