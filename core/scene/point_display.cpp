// Point cloud layer display settings in the view state: strict reading, writing of non-defaults.
#include "scene/point_display.h"

#include <algorithm>
#include <cmath>

#include "points/point_store.h"
#include "points/range_table_json.h"

namespace hs {
namespace {

using namespace state_fields;

constexpr Choices<PointColorBy, 4> kColorBy = {{{"species", PointColorBy::species},
                                                {"mass", PointColorBy::mass},
                                                {"depth", PointColorBy::depth},
                                                {"single", PointColorBy::single}}};
constexpr Choices<UnrangedIons, 3> kUnranged = {{{"shown", UnrangedIons::shown},
                                                 {"dimmed", UnrangedIons::dimmed},
                                                 {"hidden", UnrangedIons::hidden}}};
constexpr Choices<PointSizeUnit, 2> kSizeUnits = {{{"px", PointSizeUnit::px}, {"nm", PointSizeUnit::nm}}};

// Components of a slab normal as written; bounded so that its squared length stays finite.
constexpr double kMaxNormalComponent = 1e6;
// A normal this close to unit length is kept as written, so written states read back bit for bit.
constexpr double kUnitLengthTolerance = 1e-12;

void read_single_color(const json::Value& value, const std::string& path, RgbColor& color, StateReport& report) {
  const auto rgb = value.is_string() ? parse_color_hex(value.as_string()) : std::nullopt;
  if (rgb) {
    color = *rgb;
  } else {
    report_invalid(report, path, "a colour \"RRGGBB\"", value);
  }
}

// [start_da, end_da] within 0..kMaxMassDa with start < end, or the window keeps its value.
void read_mass_window(const json::Value& value, const std::string& path,
                      std::optional<std::pair<double, double>>& window, StateReport& report) {
  static constexpr std::string_view kExpected = "[start_da, end_da] with start < end";
  if (!value.is_array() || value.as_array().size() != 2) {
    report_invalid(report, path, kExpected, value);
    return;
  }
  std::array<double, 2> ends{};
  bool valid = true;
  for (std::size_t i = 0; i < 2; ++i) {
    valid &= read_number_in(value.as_array()[i], path + "[" + std::to_string(i) + "]", 0.0, kMaxMassDa, ends[i], report);
  }
  if (!valid) return;
  if (ends[0] < ends[1]) {
    window = std::pair(ends[0], ends[1]);
  } else {
    report_invalid(report, path, kExpected, value);
  }
}

void read_point_budget(const json::Value& value, const std::string& path, std::uint64_t& budget, StateReport& report) {
  int count = 0;
  if (read_integer_in(value, path, static_cast<double>(kMinPointBudget), static_cast<double>(kMaxPointBudget), count,
                      report)) {
    budget = static_cast<std::uint64_t>(count);
  }
}

// A direction: three numbers, not all zero, stored at unit length.
bool read_normal(const json::Value& value, const std::string& path, Eigen::Vector3d& normal, StateReport& report) {
  std::array<double, 3> parsed{};
  if (!read_numbers3(value, path, -kMaxNormalComponent, kMaxNormalComponent, parsed, report)) return false;
  Eigen::Vector3d n(parsed[0], parsed[1], parsed[2]);
  const double length = n.norm();
  if (!(length > 0)) {
    report_invalid(report, path, "a direction (not all zero)", value);
    return false;
  }
  if (std::abs(length - 1.0) > kUnitLengthTolerance) n /= length;
  normal = n;
  return true;
}

bool read_thickness(const json::Value& value, const std::string& path, double& thickness_nm, StateReport& report) {
  const bool valid = value.is_number() && value.as_number() > 0 && value.as_number() <= kMaxSlabThicknessNm;
  if (valid) {
    thickness_nm = value.as_number();
  } else {
    report_invalid(report, path, "a number above 0 and at most " + json::write(kMaxSlabThicknessNm), value);
  }
  return valid;
}

// {"center_nm": [x, y, z], "normal": [x, y, z], "thickness_nm": t}: all of it valid, or no slab.
void read_slab(const json::Value& value, const std::string& path, std::optional<PointSlab>& slab, StateReport& report) {
  PointSlab parsed;
  bool valid = value.is_object();
  read_section(value, path, report, [&](std::string_view key, const json::Value& member, const std::string& here) {
    if (key == "center_nm") {
      std::array<double, 3> center{};
      valid &= read_numbers3(member, here, -kMaxSlabCenterAbsNm, kMaxSlabCenterAbsNm, center, report);
      parsed.center_nm = Eigen::Vector3d(center[0], center[1], center[2]);
    } else if (key == "normal") {
      valid &= read_normal(member, here, parsed.normal, report);
    } else if (key == "thickness_nm") {
      valid &= read_thickness(member, here, parsed.thickness_nm, report);
    } else {
      return false;
    }
    return true;
  });
  if (!valid) return;
  for (const std::string_view key : {"center_nm", "normal", "thickness_nm"}) {
    if (value.find(key) == nullptr) {
      report.errors.push_back(path + ": no \"" + std::string(key) + "\": slab ignored");
      valid = false;
    }
  }
  if (valid) slab = parsed;
}

void read_ranges(const json::Value& value, const std::string& path, std::optional<RangeTable>& ranges,
                 StateReport& report) {
  auto table = range_table_from_json(value, path);
  if (table) {
    ranges = std::move(*table);
  } else {
    report.errors.push_back(table.error().message);
  }
}

// At most kMaxHiddenIons distinct names of at most kMaxIonNameLength bytes: all of them, or none.
void read_hidden_ions(const json::Value& value, const std::string& path, std::vector<std::string>& names,
                      StateReport& report) {
  if (!value.is_array() || value.as_array().size() > kMaxHiddenIons) {
    report_invalid(report, path, "an array of at most " + std::to_string(kMaxHiddenIons) + " ion names", value);
    return;
  }
  std::vector<std::string> parsed;
  const json::Array& list = value.as_array();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json::Value& name = list[i];
    const std::string here = path + "[" + std::to_string(i) + "]";
    if (!name.is_string() || name.as_string().size() > kMaxIonNameLength) {
      report_invalid(report, here, "an ion name of at most " + std::to_string(kMaxIonNameLength) + " bytes", name);
      return;
    }
    if (std::find(parsed.begin(), parsed.end(), name.as_string()) != parsed.end()) {
      report_invalid(report, here, "a name not listed before", name);
      return;
    }
    parsed.push_back(name.as_string());
  }
  names = std::move(parsed);
}

json::Value vector_json(const Eigen::Vector3d& v) { return json::Value(json::Array{v.x(), v.y(), v.z()}); }

}  // namespace

bool in_slab(const PointSlab& slab, const Eigen::Vector3d& p_nm) {
  return std::abs((p_nm - slab.center_nm).dot(slab.normal)) <= 0.5 * slab.thickness_nm;
}

const RangeTable& shown_ranges(const PointDisplay& display, const RangeTable& store_ranges) {
  return display.ranges ? *display.ranges : store_ranges;
}

bool ion_hidden(const PointDisplay& display, std::string_view name) {
  return std::find(display.hidden_ions.begin(), display.hidden_ions.end(), name) != display.hidden_ions.end();
}

void read_point_display(const json::Value& value, const std::string& path, PointDisplay& display,
                        StateReport& report) {
  // The size's limits depend on its unit, which may come later in the object.
  const json::Value* size = nullptr;
  std::string size_path;
  read_section(value, path, report, [&](std::string_view key, const json::Value& member, const std::string& here) {
    if (key == "color_by") {
      read_choice(member, here, kColorBy, display.color_by, report);
    } else if (key == "single_color") {
      read_single_color(member, here, display.single_color, report);
    } else if (key == "colormap") {
      read_colormap(member, here, display.colormap, report);
    } else if (key == "reversed") {
      read_bool(member, here, display.reversed, report);
    } else if (key == "mass_window") {
      read_mass_window(member, here, display.mass_window, report);
    } else if (key == "unranged") {
      read_choice(member, here, kUnranged, display.unranged, report);
    } else if (key == "point_size") {
      size = &member;
      size_path = here;
    } else if (key == "point_size_unit") {
      read_choice(member, here, kSizeUnits, display.point_size_unit, report);
    } else if (key == "point_budget") {
      read_point_budget(member, here, display.point_budget, report);
    } else if (key == "depth_cue") {
      read_bool(member, here, display.depth_cue, report);
    } else if (key == "depth_cue_strength") {
      read_number_in(member, here, 0.0, kMaxDepthCueStrength, display.depth_cue_strength, report);
    } else if (key == "slab") {
      read_slab(member, here, display.slab, report);
    } else if (key == "clip") {
      read_clip_box(member, here, display.clip_min, display.clip_max, report);
    } else if (key == "ranges") {
      read_ranges(member, here, display.ranges, report);
    } else if (key == "hidden_ions") {
      read_hidden_ions(member, here, display.hidden_ions, report);
    } else {
      return false;
    }
    return true;
  });
  if (size != nullptr) {
    const bool nm = display.point_size_unit == PointSizeUnit::nm;
    read_number_in(*size, size_path, nm ? kMinPointSizeNm : kMinPointSizePx, nm ? kMaxPointSizeNm : kMaxPointSizePx,
                   display.point_size, report);
  }
}

json::Object point_display_to_json(const PointDisplay& display) {
  const PointDisplay defaults;
  json::Object out;
  add_choice_if_changed(out, "color_by", kColorBy, display.color_by, defaults.color_by);
  if (display.single_color != defaults.single_color) out.emplace_back("single_color", color_hex(display.single_color));
  if (display.colormap != defaults.colormap) {
    out.emplace_back("colormap", json::Value(std::string(colormap_name(display.colormap))));
  }
  add_if_changed(out, "reversed", display.reversed, defaults.reversed);
  if (display.mass_window) out.emplace_back("mass_window", json::Array{display.mass_window->first, display.mass_window->second});
  add_choice_if_changed(out, "unranged", kUnranged, display.unranged, defaults.unranged);
  add_if_changed(out, "point_size", display.point_size, defaults.point_size);
  add_choice_if_changed(out, "point_size_unit", kSizeUnits, display.point_size_unit, defaults.point_size_unit);
  if (display.point_budget != defaults.point_budget) {
    const double budget = static_cast<double>(display.point_budget);
    out.emplace_back("point_budget", budget);
  }
  add_if_changed(out, "depth_cue", display.depth_cue, defaults.depth_cue);
  add_if_changed(out, "depth_cue_strength", display.depth_cue_strength, defaults.depth_cue_strength);
  if (display.slab) {
    json::Object slab{{"center_nm", vector_json(display.slab->center_nm)},
                      {"normal", vector_json(display.slab->normal)},
                      {"thickness_nm", json::Value(display.slab->thickness_nm)}};
    out.emplace_back("slab", json::Value(std::move(slab)));
  }
  if (display.clip_min != defaults.clip_min || display.clip_max != defaults.clip_max) {
    out.emplace_back("clip", clip_box_json(display.clip_min, display.clip_max));
  }
  if (display.ranges) out.emplace_back("ranges", range_table_to_json(*display.ranges));
  if (!display.hidden_ions.empty()) {
    json::Array names;
    for (const std::string& name : display.hidden_ions) names.emplace_back(name);
    out.emplace_back("hidden_ions", json::Value(std::move(names)));
  }
  return out;
}

}  // namespace hs
