// Strict reading of view-state fields with per-field reports.
#include "scene/state_fields.h"

#include <cmath>

#include "util/text_codec.h"

namespace hs::state_fields {
namespace {

// JSON has no spelling for these (json::write gives null); they can only come from code.
const char* non_finite_name(double value) {
  if (std::isnan(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
}

}  // namespace

std::string describe(const json::Value& value) {
  if (value.is_string()) return "\"" + printable_excerpt(value.as_string()) + "\"";
  if (value.is_number() && !std::isfinite(value.as_number())) return non_finite_name(value.as_number());
  return printable_excerpt(json::write(value));
}

std::string member_path(std::string_view parent, std::string_view key) {
  std::string segment = printable_excerpt(key);
  return parent.empty() ? segment : std::string(parent) + "." + segment;
}

void report_invalid(StateReport& report, const std::string& path, std::string_view expected, const json::Value& got) {
  report.errors.push_back(path + ": expected " + std::string(expected) + ", got " + describe(got));
}

bool read_number_in(const json::Value& value, const std::string& path, double min, double max, double& field,
                    StateReport& report) {
  const bool valid = value.is_number() && std::isfinite(value.as_number()) && value.as_number() >= min &&
                     value.as_number() <= max;
  if (valid) {
    field = value.as_number();
  } else {
    report_invalid(report, path, "a number from " + json::write(min) + " to " + json::write(max), value);
  }
  return valid;
}

bool read_integer_in(const json::Value& value, const std::string& path, double min, double max, int& field,
                     StateReport& report) {
  const bool valid = value.is_number() && std::isfinite(value.as_number()) &&
                     std::floor(value.as_number()) == value.as_number() && value.as_number() >= min &&
                     value.as_number() <= max;
  if (valid) {
    field = static_cast<int>(value.as_number());
  } else {
    report_invalid(report, path, "a whole number from " + json::write(min) + " to " + json::write(max), value);
  }
  return valid;
}

bool read_numbers3(const json::Value& value, const std::string& path, double min, double max,
                   std::array<double, 3>& field, StateReport& report, std::string_view expected) {
  if (!value.is_array() || value.as_array().size() != 3) {
    report_invalid(report, path, expected, value);
    return false;
  }
  std::array<double, 3> parsed{};
  bool valid = true;
  for (std::size_t i = 0; i < 3; ++i) {
    valid &= read_number_in(value.as_array()[i], path + "[" + std::to_string(i) + "]", min, max, parsed[i], report);
  }
  if (valid) field = parsed;
  return valid;
}

void read_vector3(const json::Value& value, const std::string& path, double limit, Eigen::Vector3d& field,
                  StateReport& report) {
  std::array<double, 3> parsed{};
  if (read_numbers3(value, path, -limit, limit, parsed, report)) field = Eigen::Vector3d(parsed[0], parsed[1], parsed[2]);
}

void read_clip_box(const json::Value& value, const std::string& path, std::array<double, 3>& clip_min,
                   std::array<double, 3>& clip_max, StateReport& report) {
  if (!value.is_array() || value.as_array().size() != 2) {
    report_invalid(report, path, "[[x0, y0, z0], [x1, y1, z1]] fractions of the box", value);
    return;
  }
  const auto read_corner = [&](std::size_t i, std::array<double, 3>& corner) {
    return read_numbers3(value.as_array()[i], path + "[" + std::to_string(i) + "]", 0.0, 1.0, corner, report,
                         "an array of 3 numbers from 0 to 1");
  };
  std::array<double, 3> lo{}, hi{};
  if (!read_corner(0, lo) || !read_corner(1, hi)) return;
  if (lo[0] < hi[0] && lo[1] < hi[1] && lo[2] < hi[2]) {
    clip_min = lo;
    clip_max = hi;
  } else {
    report_invalid(report, path, "lower ends below upper ends", value);
  }
}

json::Array clip_box_json(const std::array<double, 3>& clip_min, const std::array<double, 3>& clip_max) {
  const auto corner = [](const std::array<double, 3>& c) { return json::Value(json::Array{c[0], c[1], c[2]}); };
  return json::Array{corner(clip_min), corner(clip_max)};
}

bool read_colormap(const json::Value& value, const std::string& path, ColormapId& field, StateReport& report) {
  if (!value.is_string()) {
    report_invalid(report, path, "a colormap name", value);
    return false;
  }
  auto id = parse_colormap_name(value.as_string(), path);
  if (!id) {
    report.errors.push_back(id.error().message);
    return false;
  }
  field = *id;
  return true;
}

void read_bool(const json::Value& value, const std::string& path, bool& field, StateReport& report) {
  if (value.is_bool()) {
    field = value.as_bool();
  } else {
    report_invalid(report, path, "true or false", value);
  }
}

}  // namespace hs::state_fields
