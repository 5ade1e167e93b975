// Nice 1-2-5 steps and length labels.
#include "scene/units.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace hs {
namespace {

constexpr std::array<double, 3> kMantissas = {1.0, 2.0, 5.0};

struct Unit {
  const char* name;
  double nm;
};
constexpr std::array<Unit, 5> kUnits = {{{"pm", 1e-3}, {"nm", 1.0}, {"µm", 1e3}, {"mm", 1e6}, {"m", 1e9}}};

}  // namespace

double nice_step_at_least(double length) {
  const double decade = std::pow(10.0, std::floor(std::log10(length)));
  for (double m : kMantissas) {
    // The tolerance keeps exact 1-2-5 values (e.g. 0.2 after rounding) on themselves.
    if (m * decade >= length * (1.0 - 1e-12)) return m * decade;
  }
  return 10.0 * decade;
}

double nice_step_at_most(double length) {
  const double decade = std::pow(10.0, std::floor(std::log10(length)));
  for (auto it = kMantissas.rbegin(); it != kMantissas.rend(); ++it) {
    if (*it * decade <= length * (1.0 + 1e-12)) return *it * decade;
  }
  return decade;
}

std::string format_length_nm(double length_nm) {
  const Unit* unit = &kUnits.front();
  for (const Unit& u : kUnits) {
    if (std::fabs(length_nm) >= u.nm * (1.0 - 1e-9)) unit = &u;
  }
  const double value = length_nm / unit->nm;
  char text[48];
  std::snprintf(text, sizeof text, "%.3g %s", value, unit->name);
  return text;
}

}  // namespace hs
