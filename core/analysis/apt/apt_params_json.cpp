// Strict JSON for atom probe ROIs and analysis parameters.
#include "analysis/apt/apt_params_json.h"

#include <array>
#include <cmath>
#include <string>

#include "analysis/apt/detail/json_members.h"
#include "points/range_table.h"

namespace hs {
namespace {

using apt_json::Members;

json::Value triple_json(const std::array<double, 3>& v) {
  return json::Value(json::Array{json::Value(v[0]), json::Value(v[1]), json::Value(v[2])});
}

constexpr const char* kAxisNames[] = {"x", "y", "z"};

}  // namespace

json::Value roi_to_json(const IonRoi& roi) {
  if (const auto* c = std::get_if<CylinderRoi>(&roi.shape)) {
    return json::Value(json::Object{{"shape", json::Value("cylinder")},
                                    {"centre_nm", triple_json(c->centre_nm)},
                                    {"axis", triple_json(c->axis)},
                                    {"radius_nm", json::Value(c->radius_nm)},
                                    {"length_nm", json::Value(c->length_nm)}});
  }
  const auto& b = std::get<BoxRoi>(roi.shape);
  return json::Value(json::Object{{"shape", json::Value("box")},
                                  {"min_nm", triple_json(b.min_nm)},
                                  {"max_nm", triple_json(b.max_nm)},
                                  {"profile_axis", json::Value(kAxisNames[roi.box_axis])}});
}

Result<IonRoi> roi_from_json(const json::Value& value, std::string_view where) {
  const Members m(value, where);
  if (!value.is_object()) return m.error("", "must be an object");
  auto shape = m.text("shape");
  if (!shape) return shape.error();
  if (*shape == std::optional<std::string>("cylinder")) {
    if (auto e = m.check({"shape", "centre_nm", "axis", "radius_nm", "length_nm"})) return *e;
    auto centre = m.triple("centre_nm");
    if (!centre) return centre.error();
    auto axis = m.triple("axis");
    if (!axis) return axis.error();
    auto radius = m.number("radius_nm");
    if (!radius) return radius.error();
    auto length = m.number("length_nm");
    if (!length) return length.error();
    if (!*centre || !*axis || !*length) return m.error("", "needs centre_nm, axis and length_nm");
    auto cylinder = make_cylinder(**centre, **axis, radius->value_or(kDefaultCylinderRadiusNm), **length);
    if (!cylinder) return m.error("", cylinder.error().message);
    return IonRoi{*cylinder, 2};
  }
  if (*shape == std::optional<std::string>("box")) {
    if (auto e = m.check({"shape", "min_nm", "max_nm", "profile_axis"})) return *e;
    auto lo = m.triple("min_nm");
    if (!lo) return lo.error();
    auto hi = m.triple("max_nm");
    if (!hi) return hi.error();
    auto axis = m.text("profile_axis");
    if (!axis) return axis.error();
    if (!*lo || !*hi) return m.error("", "needs min_nm and max_nm");
    int box_axis = 2;
    if (*axis) {
      if (**axis != "x" && **axis != "y" && **axis != "z")
        return m.error("profile_axis", "must be \"x\", \"y\" or \"z\"");
      box_axis = (**axis)[0] - 'x';
    }
    auto box = make_box_roi(**lo, **hi, box_axis);
    if (!box) return m.error("", box.error().message);
    return *box;
  }
  return m.error("shape", "must be \"cylinder\" or \"box\"");
}

json::Value profile_params_to_json(const ProfileParams& params) {
  return json::Value(json::Object{{"bin_nm", json::Value(params.bin_nm)},
                                  {"bin_ions", json::Value(static_cast<double>(params.bin_ions))}});
}

Result<ProfileParams> profile_params_from_json(const json::Value& value, std::string_view where) {
  const Members m(value, where);
  if (auto e = m.check({"bin_nm", "bin_ions"})) return *e;
  ProfileParams p;
  auto bin = m.number("bin_nm");
  if (!bin) return bin.error();
  if (*bin && !(**bin > 0)) return m.error("bin_nm", "must be above 0");
  p.bin_nm = bin->value_or(p.bin_nm);
  auto ions = m.count("bin_ions", 0, std::uint64_t{1} << 53);
  if (!ions) return ions.error();
  p.bin_ions = ions->value_or(0);
  return p;
}

json::Value frequency_params_to_json(const FrequencyParams& params) {
  return json::Value(json::Object{{"block_atoms", json::Value(static_cast<double>(params.block_atoms))},
                                  {"min_expected", json::Value(params.min_expected)}});
}

Result<FrequencyParams> frequency_params_from_json(const json::Value& value, std::string_view where) {
  const Members m(value, where);
  if (auto e = m.check({"block_atoms", "min_expected"})) return *e;
  FrequencyParams p;
  auto block = m.count("block_atoms", 1, kMaxBlockAtoms);
  if (!block) return block.error();
  p.block_atoms = block->value_or(p.block_atoms);
  auto min_expected = m.number("min_expected");
  if (!min_expected) return min_expected.error();
  if (*min_expected && !(**min_expected > 0)) return m.error("min_expected", "must be above 0");
  p.min_expected = min_expected->value_or(p.min_expected);
  return p;
}

json::Value isosurface_params_to_json(const IsosurfaceParams& params) {
  return json::Value(json::Object{{"element", json::Value(params.element)},
                                  {"level_at_percent", json::Value(params.level_at_percent)},
                                  {"voxel_nm", json::Value(params.grid.voxel_nm)},
                                  {"sigma_nm", triple_json(params.grid.sigma_nm)},
                                  {"kernel_sigmas", json::Value(params.grid.kernel_sigmas)},
                                  {"min_total_atoms", json::Value(params.grid.min_total_atoms)},
                                  {"bin_nm", json::Value(params.proxigram.bin_nm)},
                                  {"max_distance_nm", json::Value(params.proxigram.max_distance_nm)}});
}

Result<IsosurfaceParams> isosurface_params_from_json(const json::Value& value, std::string_view where) {
  const Members m(value, where);
  if (auto e = m.check({"element", "level_at_percent", "voxel_nm", "sigma_nm", "kernel_sigmas",
                        "min_total_atoms", "bin_nm", "max_distance_nm"})) {
    return *e;
  }
  IsosurfaceParams p;
  auto element = m.text("element");
  if (!element) return element.error();
  if (*element && !(*element)->empty() && !is_element_symbol(**element))
    return m.error("element", "must be an element symbol such as \"Mn\"");
  p.element = element->value_or("");
  auto level = m.number("level_at_percent");
  if (!level) return level.error();
  p.level_at_percent = level->value_or(p.level_at_percent);
  if (Status s = m.positive("voxel_nm", false, p.grid.voxel_nm); !s) return s.error();
  if (Status s = m.positive("min_total_atoms", true, p.grid.min_total_atoms); !s) return s.error();
  if (Status s = m.positive("bin_nm", false, p.proxigram.bin_nm); !s) return s.error();
  if (Status s = m.positive("max_distance_nm", false, p.proxigram.max_distance_nm); !s) return s.error();
  auto kernel = m.number("kernel_sigmas");
  if (!kernel) return kernel.error();
  if (*kernel && !(**kernel > 0 && **kernel <= 10))
    return m.error("kernel_sigmas", "must be above 0 and at most 10");
  p.grid.kernel_sigmas = kernel->value_or(p.grid.kernel_sigmas);
  auto sigma = m.triple("sigma_nm");
  if (!sigma) return sigma.error();
  if (*sigma && !((**sigma)[0] >= 0 && (**sigma)[1] >= 0 && (**sigma)[2] >= 0))
    return m.error("sigma_nm", "must be 3 numbers, each 0 or more");
  p.grid.sigma_nm = sigma->value_or(p.grid.sigma_nm);
  return p;
}

json::Value cluster_params_to_json(const ClusterParams& params) {
  return json::Value(
      json::Object{{"d_max_nm", json::Value(params.d_max_nm)},
                   {"min_solute_ions", json::Value(static_cast<double>(params.min_solute_ions))},
                   {"envelope_nm", json::Value(params.envelope_nm)},
                   {"erosion_nm", json::Value(params.erosion_nm)}});
}

Result<ClusterParams> cluster_params_from_json(const json::Value& value, std::string_view where) {
  const Members m(value, where);
  if (auto e = m.check({"d_max_nm", "min_solute_ions", "envelope_nm", "erosion_nm"})) return *e;
  ClusterParams p;
  if (Status s = m.positive("d_max_nm", false, p.d_max_nm); !s) return s.error();
  auto min_ions = m.count("min_solute_ions", 1, std::uint64_t{1} << 53);
  if (!min_ions) return min_ions.error();
  p.min_solute_ions = min_ions->value_or(p.min_solute_ions);
  if (Status s = m.positive("envelope_nm", true, p.envelope_nm); !s) return s.error();
  if (Status s = m.positive("erosion_nm", true, p.erosion_nm); !s) return s.error();
  return p;
}

}  // namespace hs
