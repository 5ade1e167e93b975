// Strict reading of view-state fields, shared by the sections of the view state: each reader
// stores a valid value or reports "path: expected …, got …" and leaves the field as it was.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "json/json.h"
#include "scene/colormap.h"

namespace hs {

// What reading a document found besides the state: unknown keys (warnings) and invalid values
// (errors: the field keeps its default). Each entry names the JSON path, e.g.
// "camera.distance_nm: expected a number from 0.001 to 1000000000, got -3". Offending values are
// shown cut to 40 characters with control characters escaped. Entries are appended to `report`.
struct StateReport {
  std::vector<std::string> warnings;
  std::vector<std::string> errors;
  bool clean() const { return warnings.empty() && errors.empty(); }
};

namespace state_fields {

// A JSON value as it may appear in a message: bounded length, no raw control characters.
std::string describe(const json::Value& value);
// "parent.key" (or "key" at the top), the key made printable.
std::string member_path(std::string_view parent, std::string_view key);
void report_invalid(StateReport& report, const std::string& path, std::string_view expected, const json::Value& got);

// Stores a finite number within [min, max] in `field`; otherwise reports and leaves it.
bool read_number_in(const json::Value& value, const std::string& path, double min, double max, double& field,
                    StateReport& report);
// A whole number within [min, max].
bool read_integer_in(const json::Value& value, const std::string& path, double min, double max, int& field,
                     StateReport& report);
void read_bool(const json::Value& value, const std::string& path, bool& field, StateReport& report);
// A colormap by name (colormap_name); false (reported) when it is not one.
bool read_colormap(const json::Value& value, const std::string& path, ColormapId& field, StateReport& report);
// A point or vector: three numbers within ±limit, all or none.
void read_vector3(const json::Value& value, const std::string& path, double limit, Eigen::Vector3d& field,
                  StateReport& report);
// An array of three numbers within [min, max], stored all together or not at all. A value that is
// not such an array is reported as not being `expected` (e.g. "an array of 3 numbers").
bool read_numbers3(const json::Value& value, const std::string& path, double min, double max,
                   std::array<double, 3>& field, StateReport& report,
                   std::string_view expected = "an array of 3 numbers");

// A box inside a dataset's box as fractions of it along x, y, z: "[[x0, y0, z0], [x1, y1, z1]]",
// each number from 0 to 1 and each lower end below its upper end. Stores both corners or neither.
void read_clip_box(const json::Value& value, const std::string& path, std::array<double, 3>& clip_min,
                   std::array<double, 3>& clip_max, StateReport& report);
json::Array clip_box_json(const std::array<double, 3>& clip_min, const std::array<double, 3>& clip_max);

// The JSON names of an enumeration's values, e.g. {{"px", PointSizeUnit::px}, {"nm", PointSizeUnit::nm}}.
template <typename Enum, std::size_t N>
using Choices = std::array<std::pair<std::string_view, Enum>, N>;

// Stores the value that `value` names; otherwise reports (expected "a", "b" or "c") and leaves `field`.
template <typename Enum, std::size_t N>
void read_choice(const json::Value& value, const std::string& path, const Choices<Enum, N>& choices, Enum& field,
                 StateReport& report) {
  for (const auto& [name, choice] : choices) {
    if (value.is_string() && value.as_string() == name) {
      field = choice;
      return;
    }
  }
  std::string expected;
  for (std::size_t i = 0; i < N; ++i) {
    expected += std::string(i == 0 ? "" : i + 1 < N ? ", " : " or ") + "\"" + std::string(choices[i].first) + "\"";
  }
  report_invalid(report, path, expected, value);
}

// The name of `choice` (each value of the enumeration is listed once in `choices`).
template <typename Enum, std::size_t N>
std::string_view choice_name(const Choices<Enum, N>& choices, Enum choice) {
  for (const auto& [name, value] : choices) {
    if (value == choice) return name;
  }
  return choices[0].first;
}

// Adds key: name of the choice when it differs from the default.
template <typename Enum, std::size_t N>
void add_choice_if_changed(json::Object& object, std::string_view key, const Choices<Enum, N>& choices, Enum choice,
                           Enum default_choice) {
  if (choice != default_choice) object.emplace_back(std::string(key), json::Value(std::string(choice_name(choices, choice))));
}

// Checks that `value` is an object and hands each member to `read_member(key, member, path)`,
// which returns false for a key it does not know (reported as a warning).
template <typename ReadMember>
void read_section(const json::Value& value, std::string_view path, StateReport& report, ReadMember read_member) {
  if (!value.is_object()) {
    report_invalid(report, std::string(path), "an object", value);
    return;
  }
  for (const auto& [key, member] : value.as_object()) {
    const std::string path_here = member_path(path, key);
    if (!read_member(key, member, path_here)) report.warnings.push_back(path_here + ": unknown key, ignored");
  }
}

// Adds key: value to `object` when the value differs from its default (so URLs stay short).
template <typename T>
void add_if_changed(json::Object& object, std::string_view key, const T& value, const T& default_value) {
  if (value != default_value) object.emplace_back(std::string(key), json::Value(value));
}

}  // namespace state_fields
}  // namespace hs
