// Outline segments of cylinder and box ROIs.
#include "analysis/apt/roi_outline.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <Eigen/Geometry>

namespace hs {
namespace {

using Segment = std::array<Eigen::Vector3d, 2>;

Eigen::Vector3d vec(const std::array<double, 3>& v) {
  return {v[0], v[1], v[2]};
}

void append_cylinder(const CylinderRoi& c, int circle_segments, std::vector<Segment>& segments) {
  const Eigen::Vector3d axis = vec(c.axis).normalized();
  // Two unit vectors across the axis: start from the coordinate axis least aligned with it.
  Eigen::Index least = 0;
  axis.cwiseAbs().minCoeff(&least);
  const Eigen::Vector3d u = axis.cross(Eigen::Vector3d::Unit(least)).normalized();
  const Eigen::Vector3d v = axis.cross(u);
  const Eigen::Vector3d half = 0.5 * c.length_nm * axis;
  const Eigen::Vector3d centre = vec(c.centre_nm);
  const auto rim = [&](double angle) { return c.radius_nm * (std::cos(angle) * u + std::sin(angle) * v); };

  const int n = std::max(circle_segments, kMinOutlineCircleSegments);
  const std::array<Eigen::Vector3d, 2> caps = {centre - half, centre + half};
  for (const Eigen::Vector3d& cap : caps) {
    for (int i = 0; i < n; ++i) {
      const double a0 = 2.0 * std::numbers::pi * i / n;
      const double a1 = 2.0 * std::numbers::pi * ((i + 1) % n) / n;
      segments.push_back({cap + rim(a0), cap + rim(a1)});
    }
  }
  for (int k = 0; k < 4; ++k) {
    const Eigen::Vector3d r = rim(0.5 * std::numbers::pi * k);
    segments.push_back({centre - half + r, centre + half + r});
  }
}

void append_box(const BoxRoi& b, std::vector<Segment>& segments) {
  // Along each axis, the four edges at the low / high ends of the other two.
  for (int axis = 0; axis < 3; ++axis) {
    const int p = (axis + 1) % 3, q = (axis + 2) % 3;
    for (int corner = 0; corner < 4; ++corner) {
      Eigen::Vector3d start = vec(b.min_nm);
      if (corner & 1) start[p] = b.max_nm[static_cast<std::size_t>(p)];
      if (corner & 2) start[q] = b.max_nm[static_cast<std::size_t>(q)];
      Eigen::Vector3d end = start;
      end[axis] = b.max_nm[static_cast<std::size_t>(axis)];
      segments.push_back({start, end});
    }
  }
}

}  // namespace

std::vector<std::array<Eigen::Vector3d, 2>> roi_outline_segments(const IonRoi& roi, int circle_segments) {
  std::vector<Segment> segments;
  if (const auto* cylinder = std::get_if<CylinderRoi>(&roi.shape)) {
    append_cylinder(*cylinder, circle_segments, segments);
  } else {
    append_box(std::get<BoxRoi>(roi.shape), segments);
  }
  return segments;
}

}  // namespace hs
