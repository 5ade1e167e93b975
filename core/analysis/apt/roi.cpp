// Cylinder and box ROIs of the atom probe analyses: construction, point tests, cell tests.
#include "analysis/apt/roi.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hs {
namespace {

bool finite3(const std::array<double, 3>& v) {
  return std::isfinite(v[0]) && std::isfinite(v[1]) && std::isfinite(v[2]);
}

Error bad(const std::string& message) {
  return make_error(ErrorCode::invalid_argument, "ROI: " + message);
}

bool cylinder_may_intersect(const CylinderRoi& c, const std::array<double, 3>& lo,
                            const std::array<double, 3>& hi) {
  // The cylinder's bounding box: along axis i it reaches |a_i| L/2 from the axis segment's centre
  // plus R sqrt(1 − a_i²) for the rim.
  for (int i = 0; i < 3; ++i) {
    const double a = c.axis[static_cast<std::size_t>(i)];
    const double reach = std::abs(a) * 0.5 * c.length_nm + c.radius_nm * std::sqrt(std::max(0.0, 1 - a * a));
    const double centre = c.centre_nm[static_cast<std::size_t>(i)];
    if (hi[static_cast<std::size_t>(i)] < centre - reach ||
        lo[static_cast<std::size_t>(i)] > centre + reach) {
      return false;
    }
  }
  // The cell's bounding sphere against the axis segment.
  double d2 = 0, half_diagonal2 = 0;
  std::array<double, 3> offset{};
  for (std::size_t i = 0; i < 3; ++i) {
    offset[i] = 0.5 * (lo[i] + hi[i]) - c.centre_nm[i];
    half_diagonal2 += 0.25 * (hi[i] - lo[i]) * (hi[i] - lo[i]);
  }
  const double along = std::clamp(offset[0] * c.axis[0] + offset[1] * c.axis[1] + offset[2] * c.axis[2],
                                  -0.5 * c.length_nm, 0.5 * c.length_nm);
  for (std::size_t i = 0; i < 3; ++i) d2 += (offset[i] - along * c.axis[i]) * (offset[i] - along * c.axis[i]);
  const double reach = c.radius_nm + std::sqrt(half_diagonal2);
  return d2 <= reach * reach * (1 + 1e-12) + 1e-12;
}

std::string triple(const std::array<double, 3>& v) {
  char text[96];
  std::snprintf(text, sizeof text, "(%.6g, %.6g, %.6g)", v[0], v[1], v[2]);
  return text;
}

}  // namespace

bool IonRoi::contains(double x_nm, double y_nm, double z_nm) const {
  return std::visit([&](const auto& s) { return s.contains(x_nm, y_nm, z_nm); }, shape);
}

double IonRoi::coordinate_nm(double x_nm, double y_nm, double z_nm) const {
  if (const auto* c = std::get_if<CylinderRoi>(&shape)) return c->axial_nm(x_nm, y_nm, z_nm);
  const auto& b = std::get<BoxRoi>(shape);
  const std::array<double, 3> p{x_nm, y_nm, z_nm};
  return p[static_cast<std::size_t>(box_axis)] - b.min_nm[static_cast<std::size_t>(box_axis)];
}

double IonRoi::extent_nm() const {
  if (const auto* c = std::get_if<CylinderRoi>(&shape)) return c->length_nm;
  const auto& b = std::get<BoxRoi>(shape);
  return b.max_nm[static_cast<std::size_t>(box_axis)] - b.min_nm[static_cast<std::size_t>(box_axis)];
}

bool IonRoi::may_intersect(const std::array<double, 3>& lo, const std::array<double, 3>& hi) const {
  if (const auto* c = std::get_if<CylinderRoi>(&shape)) return cylinder_may_intersect(*c, lo, hi);
  const auto& b = std::get<BoxRoi>(shape);
  for (std::size_t i = 0; i < 3; ++i) {
    if (hi[i] < b.min_nm[i] || lo[i] > b.max_nm[i]) return false;
  }
  return true;
}

std::string IonRoi::describe() const {
  if (const auto* c = std::get_if<CylinderRoi>(&shape)) {
    char text[96];
    std::snprintf(text, sizeof text, ", radius %.6g nm, length %.6g nm", c->radius_nm, c->length_nm);
    return "cylinder centre " + triple(c->centre_nm) + " nm, axis " + triple(c->axis) + text;
  }
  const auto& b = std::get<BoxRoi>(shape);
  return "box " + triple(b.min_nm) + " to " + triple(b.max_nm) + " nm, profile along " +
         std::string(1, static_cast<char>('x' + box_axis));
}

Result<CylinderRoi> make_cylinder(std::array<double, 3> centre_nm, std::array<double, 3> axis,
                                  double radius_nm, double length_nm) {
  if (!finite3(centre_nm)) return bad("the cylinder's centre must be finite");
  if (!finite3(axis)) return bad("the cylinder's axis must be finite");
  const double norm = std::sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
  if (!(norm > 0) || !std::isfinite(norm)) return bad("the cylinder's axis must not be zero");
  if (!(radius_nm > 0) || !std::isfinite(radius_nm))
    return bad("the cylinder's radius must be finite and > 0");
  if (!(length_nm > 0) || !std::isfinite(length_nm))
    return bad("the cylinder's length must be finite and > 0");
  for (double& a : axis) a /= norm;
  return CylinderRoi{centre_nm, axis, radius_nm, length_nm};
}

Result<CylinderRoi> default_cylinder(const std::array<std::array<double, 3>, 2>& bounds_nm, int axis,
                                     double radius_nm, std::optional<double> length_nm,
                                     std::optional<std::array<double, 3>> centre_nm) {
  if (axis < 0 || axis > 2) return bad("the axis must be x, y or z");
  const auto a = static_cast<std::size_t>(axis);
  std::array<double, 3> centre{};
  for (std::size_t i = 0; i < 3; ++i) centre[i] = 0.5 * (bounds_nm[0][i] + bounds_nm[1][i]);
  if (centre_nm) centre = *centre_nm;
  std::array<double, 3> direction{0, 0, 0};
  direction[a] = 1;
  constexpr double kPadNm = 1e-6;
  const double length = length_nm ? *length_nm : bounds_nm[1][a] - bounds_nm[0][a] + 2 * kPadNm;
  return make_cylinder(centre, direction, radius_nm, length);
}

Result<IonRoi> make_box_roi(const std::array<double, 3>& min_nm, const std::array<double, 3>& max_nm,
                            int box_axis) {
  if (!finite3(min_nm) || !finite3(max_nm)) return bad("the box's corners must be finite");
  for (std::size_t i = 0; i < 3; ++i) {
    if (min_nm[i] > max_nm[i]) return bad("the box's min must not exceed its max");
  }
  if (box_axis < 0 || box_axis > 2) return bad("the box's profile axis must be x, y or z");
  return IonRoi{BoxRoi{min_nm, max_nm}, box_axis};
}

}  // namespace hs
