// Strict JSON for atom probe ROIs and analysis parameters.
#include "analysis/apt/apt_params_json.h"

#include <array>
#include <cmath>
#include <initializer_list>
#include <string>

namespace hs {
namespace {

// Reads the members of one JSON object, each at most once, naming `where` in errors.
class Members {
 public:
  Members(const json::Value& value, std::string_view where) : value_(value), where_(where) {}

  Error error(std::string_view member, std::string_view problem) const {
    return make_error(ErrorCode::parse, std::string(where_) + (member.empty() ? "" : ".") +
                                            std::string(member) + " " + std::string(problem));
  }
  // Not an object, or a member outside `known`.
  std::optional<Error> check(std::initializer_list<std::string_view> known) const {
    if (!value_.is_object()) return error("", "must be an object");
    for (const json::Member& m : value_.as_object()) {
      bool ok = false;
      for (std::string_view k : known) ok = ok || m.first == k;
      if (!ok) return error(m.first, "is not a known member");
    }
    return std::nullopt;
  }
  Result<std::optional<double>> number(std::string_view key) const {
    const json::Value* v = value_.find(key);
    if (v == nullptr) return std::optional<double>();
    if (!v->is_number() || !std::isfinite(v->as_number())) return error(key, "must be a finite number");
    return std::optional<double>(v->as_number());
  }
  Result<std::optional<std::array<double, 3>>> triple(std::string_view key) const {
    const json::Value* v = value_.find(key);
    if (v == nullptr) return std::optional<std::array<double, 3>>();
    if (!v->is_array() || v->as_array().size() != 3) return error(key, "must be an array of 3 numbers");
    std::array<double, 3> out{};
    for (std::size_t i = 0; i < 3; ++i) {
      const json::Value& x = v->as_array()[i];
      if (!x.is_number() || !std::isfinite(x.as_number()))
        return error(key, "must be an array of 3 finite numbers");
      out[i] = x.as_number();
    }
    return std::optional<std::array<double, 3>>(out);
  }
  Result<std::optional<std::string>> text(std::string_view key) const {
    const json::Value* v = value_.find(key);
    if (v == nullptr) return std::optional<std::string>();
    if (!v->is_string()) return error(key, "must be a string");
    return std::optional<std::string>(v->as_string());
  }
  // A whole number in [lowest, highest].
  Result<std::optional<std::uint64_t>> count(std::string_view key, std::uint64_t lowest,
                                             std::uint64_t highest) const {
    auto n = number(key);
    if (!n) return n.error();
    if (!*n) return std::optional<std::uint64_t>();
    const double d = **n;
    if (d != std::floor(d) || d < static_cast<double>(lowest) || d > static_cast<double>(highest)) {
      return error(
          key, "must be a whole number from " + std::to_string(lowest) + " to " + std::to_string(highest));
    }
    return std::optional<std::uint64_t>(static_cast<std::uint64_t>(d));
  }

 private:
  const json::Value& value_;
  std::string_view where_;
};

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

}  // namespace hs
