// ROI outlines: cylinder circle points at radius R from the axis and ±L/2 along it (distances
// from the hand formula |d|² − (d·a)²), closed loops of equal chords 2R sin(π/n), axial lines a
// quarter turn apart from cap to cap, and a box's 12 edges against a hand-written list.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <vector>

#include "analysis/apt/roi_outline.h"

namespace {

using Segment = std::array<Eigen::Vector3d, 2>;
constexpr double kPi = 3.14159265358979323846;

struct AxisCoordinates {
  double along_nm;   // from the centre, along the axis
  double radial_nm;  // from the axis
};

// Written out component by component, independent of Eigen's products.
AxisCoordinates axis_coordinates(const Eigen::Vector3d& p, const std::array<double, 3>& centre,
                                 const std::array<double, 3>& unit_axis) {
  const double dx = p.x() - centre[0], dy = p.y() - centre[1], dz = p.z() - centre[2];
  const double along = dx * unit_axis[0] + dy * unit_axis[1] + dz * unit_axis[2];
  const double radial2 = dx * dx + dy * dy + dz * dz - along * along;
  return {along, std::sqrt(std::max(radial2, 0.0))};
}

hs::IonRoi cylinder_roi(std::array<double, 3> centre, std::array<double, 3> axis, double radius,
                        double length) {
  auto cylinder = hs::make_cylinder(centre, axis, radius, length);
  REQUIRE(cylinder);
  return hs::IonRoi{*cylinder, 2};
}

// Each cap's n chords: segment i ends where segment i + 1 starts and the last ends where the first
// starts, all of length 2R sin(π/n), with n distinct vertices.
void check_closed_loop(const std::vector<Segment>& segments, std::size_t first, int n, double radius) {
  std::set<std::array<double, 3>> vertices;
  for (int i = 0; i < n; ++i) {
    const Segment& s = segments[first + static_cast<std::size_t>(i)];
    const Segment& next = segments[first + static_cast<std::size_t>((i + 1) % n)];
    CHECK(s[1] == next[0]);
    CHECK((s[1] - s[0]).norm() == Approx(2.0 * radius * std::sin(kPi / n)).epsilon(1e-12));
    vertices.insert({s[0].x(), s[0].y(), s[0].z()});
  }
  CHECK(vertices.size() == static_cast<std::size_t>(n));
}

}  // namespace

TEST_CASE("roi outline: cylinder along z has its circles at radius R and z = centre ± L/2", "[roi_outline]") {
  const hs::IonRoi roi = cylinder_roi({1, 2, 3}, {0, 0, 1}, 2.0, 10.0);
  const auto segments = hs::roi_outline_segments(roi);
  REQUIRE(segments.size() == 2 * 48 + 4);
  for (std::size_t i = 0; i < 2 * 48; ++i) {
    const double cap_z = i < 48 ? -2.0 : 8.0;  // start cap first
    for (const Eigen::Vector3d& p : segments[i]) {
      CHECK(std::hypot(p.x() - 1.0, p.y() - 2.0) == Approx(2.0).epsilon(1e-12));
      CHECK(p.z() == Approx(cap_z).margin(1e-12));
    }
  }
  check_closed_loop(segments, 0, 48, 2.0);
  check_closed_loop(segments, 48, 48, 2.0);
  for (std::size_t i = 2 * 48; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    CHECK(s[0].z() == Approx(-2.0).margin(1e-12));
    CHECK(s[1].z() == Approx(8.0).margin(1e-12));
    CHECK(s[1].x() == Approx(s[0].x()).margin(1e-12));
    CHECK(s[1].y() == Approx(s[0].y()).margin(1e-12));
    CHECK(std::hypot(s[0].x() - 1.0, s[0].y() - 2.0) == Approx(2.0).epsilon(1e-12));
  }
}

TEST_CASE("roi outline: oblique cylinder with an odd segment count, lines a quarter turn apart",
          "[roi_outline]") {
  const std::array<double, 3> centre{10, -5, 7};
  const double s3 = 1.0 / std::sqrt(3.0);
  const std::array<double, 3> unit_axis{s3, s3, s3};
  const double radius = 3.0, length = 6.0;
  const int n = 7;
  const hs::IonRoi roi = cylinder_roi(centre, {2, 2, 2}, radius, length);  // make_cylinder normalises
  const auto segments = hs::roi_outline_segments(roi, n);
  REQUIRE(segments.size() == 2 * n + 4);
  for (std::size_t i = 0; i < 2 * n; ++i) {
    for (const Eigen::Vector3d& p : segments[i]) {
      const AxisCoordinates c = axis_coordinates(p, centre, unit_axis);
      CHECK(c.radial_nm == Approx(radius).epsilon(1e-9));
      CHECK(c.along_nm == Approx(i < n ? -length / 2 : length / 2).margin(1e-9));
    }
  }
  check_closed_loop(segments, 0, n, radius);
  check_closed_loop(segments, n, n, radius);

  std::vector<Eigen::Vector3d> offsets;  // from the axis, per axial line
  for (std::size_t i = 2 * n; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    const AxisCoordinates start = axis_coordinates(s[0], centre, unit_axis);
    const AxisCoordinates end = axis_coordinates(s[1], centre, unit_axis);
    CHECK(start.along_nm == Approx(-3.0).margin(1e-9));
    CHECK(end.along_nm == Approx(3.0).margin(1e-9));
    CHECK(start.radial_nm == Approx(radius).epsilon(1e-9));
    CHECK(end.radial_nm == Approx(radius).epsilon(1e-9));
    for (int k = 0; k < 3; ++k) CHECK(s[1][k] - s[0][k] == Approx(length * s3).epsilon(1e-12));  // L × axis
    offsets.push_back(s[0] - Eigen::Vector3d(centre[0], centre[1], centre[2]) +
                      3.0 * Eigen::Vector3d(s3, s3, s3));
  }
  // Consecutive lines at right angles about the axis, opposite ones facing each other.
  for (std::size_t k = 0; k < 4; ++k) {
    CHECK(offsets[k].dot(offsets[(k + 1) % 4]) == Approx(0.0).margin(1e-9));
    CHECK(offsets[k].dot(offsets[(k + 2) % 4]) == Approx(-radius * radius).epsilon(1e-9));
  }
}

TEST_CASE("roi outline: fewer than three circle segments count as three", "[roi_outline]") {
  const hs::IonRoi roi = cylinder_roi({0, 0, 0}, {1, 0, 0}, 1.0, 2.0);
  const auto segments = hs::roi_outline_segments(roi, 1);
  REQUIRE(segments.size() == 2 * 3 + 4);
  check_closed_loop(segments, 0, 3, 1.0);
  check_closed_loop(segments, 3, 3, 1.0);
}

TEST_CASE("roi outline: a box gives its 12 edges", "[roi_outline]") {
  auto box = hs::make_box_roi({0, 0, 0}, {1, 2, 3}, 2);
  REQUIRE(box);
  const auto segments = hs::roi_outline_segments(*box);
  REQUIRE(segments.size() == 12);

  using Point = std::array<double, 3>;
  using Edge = std::set<Point>;  // unordered ends
  const std::set<Edge> expected = {
      // along x
      {Point{0, 0, 0}, Point{1, 0, 0}},
      {Point{0, 2, 0}, Point{1, 2, 0}},
      {Point{0, 0, 3}, Point{1, 0, 3}},
      {Point{0, 2, 3}, Point{1, 2, 3}},
      // along y
      {Point{0, 0, 0}, Point{0, 2, 0}},
      {Point{1, 0, 0}, Point{1, 2, 0}},
      {Point{0, 0, 3}, Point{0, 2, 3}},
      {Point{1, 0, 3}, Point{1, 2, 3}},
      // along z
      {Point{0, 0, 0}, Point{0, 0, 3}},
      {Point{1, 0, 0}, Point{1, 0, 3}},
      {Point{0, 2, 0}, Point{0, 2, 3}},
      {Point{1, 2, 0}, Point{1, 2, 3}},
  };
  std::set<Edge> got;
  for (const Segment& s : segments) {
    got.insert(Edge{Point{s[0].x(), s[0].y(), s[0].z()}, Point{s[1].x(), s[1].y(), s[1].z()}});
  }
  CHECK(got == expected);
}
