// Length unit names to nanometres.
#include "io/length_unit.h"

#include <array>
#include <string>

#include "io/ascii_case.h"

namespace hs {
namespace {

struct UnitName {
  std::string_view name;  // lower case, without EMD's brackets and underscores
  double nm;
};
constexpr std::array<UnitName, 19> kUnits = {{
    {"pm", 1e-3},          {"picometer", 1e-3}, {"a", 0.1},         {"\xc3\x85", 0.1},  // Å (U+00C5)
    {"\xe2\x84\xab", 0.1}, {"angstrom", 0.1},   {"nm", 1.0},        {"nanometer", 1.0},
    {"um", 1e3},           {"\xc2\xb5m", 1e3},  {"\xce\xbcm", 1e3}, {"\\u00b5m", 1e3},  // µ, μ, ImageJ escape
    {"micron", 1e3},       {"micrometer", 1e3}, {"mm", 1e6},        {"millimeter", 1e6},
    {"cm", 1e7},           {"m", 1e9},          {"meter", 1e9},
}};

}  // namespace

std::optional<double> length_unit_nm(std::string_view unit) {
  while (!unit.empty() && (unit.front() == ' ' || unit.front() == '\t')) unit.remove_prefix(1);
  while (!unit.empty() && (unit.back() == ' ' || unit.back() == '\t' || unit.back() == '\r'))
    unit.remove_suffix(1);
  if (unit.size() >= 2 && unit.front() == '[' && unit.back() == ']') unit = unit.substr(1, unit.size() - 2);
  std::string key;
  for (char c : unit) {
    if (c == '_') continue;
    key += ascii_lower(c);
  }
  if (key.size() > 4 && key.back() == 's') key.pop_back();  // plurals: "nanometers", "microns"
  for (const UnitName& u : kUnits) {
    if (u.name == key) return u.nm;
  }
  return std::nullopt;
}

}  // namespace hs
