// Reducing an isosurface for drawing: vertex clustering checked by brute force against its
// definition; a reduced pair of spheres keeps the whole extent of both, every original vertex near
// a drawn one and the big sphere's shape and area; meshes under the budget pass unchanged.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "analysis/apt/marching_cubes.h"
#include "analysis/apt/mesh_reduce.h"
#include "grid_sample.h"

namespace {

constexpr double kPi = 3.14159265358979323846;

using Vec = std::array<double, 3>;

Vec vertex(const hs::TriangleMesh& mesh, std::uint32_t i) {
  return {mesh.vertices_nm[i][0], mesh.vertices_nm[i][1], mesh.vertices_nm[i][2]};
}

double distance(const Vec& a, const Vec& b) { return std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]); }

// Two spheres: radius 10 nm at (0, 0, 0) and 3 nm at (18, 0, 0), isosurface of the larger of
// R − distance on a 0.25 nm grid.
hs::TriangleMesh two_spheres() {
  const std::array<double, 3> origin = {-12, -12, -12};
  const hs::FloatGrid g = hs::test::sample_grid({97, 97, 137}, {0.25, 0.25, 0.25}, origin, [](double x, double y, double z) {
    return std::max(10 - std::sqrt(x * x + y * y + z * z), 3 - std::sqrt((x - 18) * (x - 18) + y * y + z * z));
  });
  auto mesh = hs::marching_cubes(g, origin, 0.0);
  REQUIRE(mesh.ok());
  return std::move(*mesh);
}

}  // namespace

TEST_CASE("mesh reduce: vertex clustering follows its definition, checked by brute force", "[apt_surface][mesh_reduce]") {
  const hs::TriangleMesh mesh = two_spheres();
  const double cell = 0.8;
  const hs::TriangleMesh out = hs::cluster_mesh_vertices(mesh, cell);
  REQUIRE(!out.triangles.empty());
  // The cube of each input vertex, from the mesh's lowest corner, and each cube's mean.
  Vec lo = {1e300, 1e300, 1e300};
  for (std::uint32_t i = 0; i < mesh.vertices_nm.size(); ++i) {
    for (std::size_t a = 0; a < 3; ++a) lo[a] = std::min(lo[a], vertex(mesh, i)[a]);
  }
  std::map<std::array<long, 3>, std::array<double, 4>> sums;
  std::vector<std::array<long, 3>> cube_of(mesh.vertices_nm.size());
  for (std::uint32_t i = 0; i < mesh.vertices_nm.size(); ++i) {
    const Vec v = vertex(mesh, i);
    for (std::size_t a = 0; a < 3; ++a) cube_of[i][a] = static_cast<long>(std::floor((v[a] - lo[a]) / cell));
    auto& s = sums[cube_of[i]];
    for (std::size_t a = 0; a < 3; ++a) s[a] += v[a];
    s[3] += 1;
  }
  // Expected triangles: each input triangle over three different cubes, as cube means, once per
  // cyclic order (compared as rotated to start at the lexicographically smallest cube).
  using Cubes = std::array<std::array<long, 3>, 3>;
  const auto canonical = [](Cubes c) {
    std::rotate(c.begin(), std::min_element(c.begin(), c.end()), c.end());
    return c;
  };
  std::set<Cubes> expected;
  for (const auto& t : mesh.triangles) {
    const Cubes c = {cube_of[t[0]], cube_of[t[1]], cube_of[t[2]]};
    if (c[0] == c[1] || c[1] == c[2] || c[0] == c[2]) continue;
    expected.insert(canonical(c));
  }
  // The output's vertices are cube means; map each back to its cube.
  std::vector<std::array<long, 3>> cube_of_out(out.vertices_nm.size());
  std::set<std::array<long, 3>> used;
  for (std::uint32_t i = 0; i < out.vertices_nm.size(); ++i) {
    const Vec v = vertex(out, i);
    bool found = false;
    for (const auto& [cube, s] : sums) {
      const Vec mean = {s[0] / s[3], s[1] / s[3], s[2] / s[3]};
      if (distance(mean, v) < 1e-4) {
        cube_of_out[i] = cube;
        found = true;
        break;
      }
    }
    REQUIRE(found);
    used.insert(cube_of_out[i]);
  }
  CHECK(used.size() == out.vertices_nm.size());  // each cube once, none unused below
  std::set<Cubes> got;
  std::set<std::uint32_t> referenced;
  for (const auto& t : out.triangles) {
    got.insert(canonical({cube_of_out[t[0]], cube_of_out[t[1]], cube_of_out[t[2]]}));
    referenced.insert(t.begin(), t.end());
  }
  CHECK(got.size() == out.triangles.size());  // no repeats
  CHECK(got == expected);
  CHECK(referenced.size() == out.vertices_nm.size());
}

TEST_CASE("mesh reduce: a reduced mesh keeps the whole extent and every component, near every vertex", "[apt_surface][mesh_reduce]") {
  const hs::TriangleMesh mesh = two_spheres();
  REQUIRE(mesh.triangles.size() > 20000);
  const std::uint64_t budget = 3000;
  const hs::ReducedMesh drawn = hs::reduce_mesh(mesh, budget);
  INFO("cube " << drawn.cell_nm << " nm, " << drawn.mesh.triangles.size() << " of " << mesh.triangles.size());
  REQUIRE(drawn.cell_nm > 0);
  CHECK(drawn.mesh.triangles.size() <= budget);
  CHECK(drawn.mesh.triangles.size() >= budget / 2);  // not coarser than needed
  const double reach = drawn.cell_nm * std::sqrt(3.0);  // a cube's diagonal
  // The whole extent on every axis: -10 to 21 nm along x, ±10 nm along y and z.
  for (std::size_t a = 0; a < 3; ++a) {
    double full_lo = 1e300, full_hi = -1e300, lo = 1e300, hi = -1e300;
    for (std::uint32_t i = 0; i < mesh.vertices_nm.size(); ++i) {
      full_lo = std::min(full_lo, vertex(mesh, i)[a]);
      full_hi = std::max(full_hi, vertex(mesh, i)[a]);
    }
    for (std::uint32_t i = 0; i < drawn.mesh.vertices_nm.size(); ++i) {
      lo = std::min(lo, vertex(drawn.mesh, i)[a]);
      hi = std::max(hi, vertex(drawn.mesh, i)[a]);
    }
    CHECK(lo <= full_lo + reach);
    CHECK(hi >= full_hi - reach);
  }
  // Every vertex of the full surface lies within a cube diagonal of a drawn vertex (brute force).
  std::size_t far = 0;
  for (std::uint32_t i = 0; i < mesh.vertices_nm.size(); ++i) {
    double nearest = 1e300;
    for (std::uint32_t j = 0; j < drawn.mesh.vertices_nm.size(); ++j) nearest = std::min(nearest, distance(vertex(mesh, i), vertex(drawn.mesh, j)));
    if (nearest > reach) ++far;
  }
  CHECK(far == 0);
  // Both spheres are drawn as closed pieces, each vertex within a cube diagonal of its sphere,
  // the big one with nearly its area.
  const auto parts = hs::mesh_components(drawn.mesh);
  REQUIRE(parts.size() == 2);
  for (const hs::MeshComponent& part : parts) {
    const bool big = part.centroid_nm[0] < 9;
    const Vec centre = big ? Vec{0, 0, 0} : Vec{18, 0, 0};
    const double radius = big ? 10 : 3;
    CHECK(distance({part.centroid_nm[0], part.centroid_nm[1], part.centroid_nm[2]}, centre) < 0.2);
    for (std::uint32_t t : part.triangles) {
      for (std::uint32_t v : drawn.mesh.triangles[t]) CHECK(std::abs(distance(vertex(drawn.mesh, v), centre) - radius) < reach);
    }
    if (big) CHECK(part.area_nm2 == Approx(4 * kPi * radius * radius).epsilon(0.05));
  }
}

TEST_CASE("mesh reduce: a mesh within the budget is passed unchanged, a zero budget gives nothing", "[apt_surface][mesh_reduce]") {
  const hs::TriangleMesh mesh = two_spheres();
  const hs::ReducedMesh same = hs::reduce_mesh(mesh, mesh.triangles.size());
  CHECK(same.cell_nm == 0);
  CHECK(same.mesh.triangles == mesh.triangles);
  CHECK(same.mesh.vertices_nm == mesh.vertices_nm);
  const hs::ReducedMesh none = hs::reduce_mesh(mesh, 0);
  CHECK(none.mesh.triangles.empty());
  CHECK(none.mesh.vertices_nm.empty());
}
