// Reading the segmentation job's reply into rows.
#include "data/analysis_run.h"

#include <cmath>
#include <limits>

namespace hs {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Error bad(const std::string& what) { return make_error(ErrorCode::parse, "analysis reply: " + what); }

double number_at(const json::Value& object, const char* key) {
  const json::Value* v = object.find(key);
  return v != nullptr && v->is_number() ? v->as_number() : kNaN;  // null (no value) reads as NaN
}

std::vector<double> numbers(const json::Value& list) {
  std::vector<double> out;
  if (!list.is_array()) return out;
  for (const json::Value& v : list.as_array()) out.push_back(v.is_number() ? v.as_number() : kNaN);
  return out;
}

}  // namespace

Result<AnalysisResult> parse_analysis_result(const json::Value& result) {
  if (!result.is_object()) return bad("not an object");
  AnalysisResult out;
  const json::Value* particles = result.find("particles");
  const json::Value* profile = result.find("profile");
  const json::Value* voxel = result.find("voxel_size_zyx");
  if (particles == nullptr || !particles->is_array()) return bad("no particle list");
  if (profile == nullptr || !profile->is_object()) return bad("no profile");
  if (voxel == nullptr || numbers(*voxel).size() != 3) return bad("no voxel size");
  out.level = static_cast<std::size_t>(number_at(result, "level"));
  const std::vector<double> size = numbers(*voxel);
  out.voxel_size_zyx = {size[0], size[1], size[2]};
  for (const auto& [key, field] : {std::pair("unit", &out.unit), std::pair("value", &out.value),
                                   std::pair("value_unit", &out.value_unit)}) {
    const json::Value* v = result.find(key);
    if (v != nullptr && v->is_string()) *field = v->as_string();
  }
  if (const json::Value* range = result.find("range"); range != nullptr && numbers(*range).size() == 2) {
    out.range = std::pair(numbers(*range)[0], numbers(*range)[1]);
  }
  for (const json::Value& p : particles->as_array()) {
    ParticleRow row;
    row.label = static_cast<std::uint32_t>(number_at(p, "label"));
    row.voxels = number_at(p, "voxels");
    row.volume = number_at(p, "volume");
    row.diameter = number_at(p, "diameter");
    row.sphericity = number_at(p, "sphericity");
    const json::Value* border = p.find("touches_border");
    row.touches_border = border != nullptr && border->is_bool() && border->as_bool();
    row.mean = number_at(p, "mean");
    row.std = number_at(p, "std");
    row.median = number_at(p, "median");
    row.out_of_range = number_at(p, "out_of_range");
    if (const json::Value* c = p.find("centroid_xyz"); c != nullptr && numbers(*c).size() == 3) {
      const std::vector<double> xyz = numbers(*c);
      row.centroid_xyz = {xyz[0], xyz[1], xyz[2]};
    }
    out.particles.push_back(row);
  }
  out.shells = static_cast<std::uint32_t>(number_at(*profile, "shells"));
  const json::Value* means = profile->find("mean");
  const json::Value* stds = profile->find("std");
  const json::Value* counts = profile->find("count");
  if (means == nullptr || stds == nullptr || counts == nullptr || !means->is_array() || !stds->is_array() ||
      !counts->is_array() || means->as_array().size() != out.particles.size() ||
      stds->as_array().size() != out.particles.size() || counts->as_array().size() != out.particles.size()) {
    return bad("profile rows do not match the particles");
  }
  for (std::size_t i = 0; i < out.particles.size(); ++i) {
    out.profiles.push_back({numbers(means->as_array()[i]), numbers(stds->as_array()[i]), numbers(counts->as_array()[i])});
  }
  return out;
}

json::Value AnalysisRun::to_json() const {
  static constexpr const char* kNames[] = {"idle", "running", "done", "failed"};
  json::Object out;
  out.emplace_back("status", kNames[static_cast<int>(status)]);
  out.emplace_back("progress", progress);
  out.emplace_back("error", error);
  json::Array labels;
  if (result) {
    for (const ParticleRow& p : result->particles) labels.emplace_back(static_cast<double>(p.label));
  }
  out.emplace_back("count", static_cast<double>(labels.size()));
  out.emplace_back("labels", std::move(labels));
  return out;
}

}  // namespace hs
